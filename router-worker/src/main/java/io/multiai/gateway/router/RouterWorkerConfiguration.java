package io.multiai.gateway.router;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.ConsumerLifecycle;
import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.config.ProviderClientsConfiguration;
import io.multiai.gateway.providers.resilience.ModelResilience;
import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.router.batch.BatchItemHandler;
import io.multiai.gateway.router.batch.BatchLaneProperties;
import io.multiai.gateway.router.answering.ModelHealthReporter;
import io.multiai.gateway.router.answering.ProviderCaller;
import io.multiai.gateway.router.answering.RouteRequestHandler;
import io.multiai.gateway.router.answering.StreamCancellations;
import io.multiai.gateway.router.routing.ComplexityClassifier;
import io.multiai.gateway.router.routing.ModelSelector;
import io.multiai.gateway.router.routing.RoutingProperties;
import io.multiai.gateway.router.routing.RoutingTable;
import io.multiai.gateway.schemas.BatchItem;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.QueryRequest;

@Configuration(proxyBeanMethods = false)
@Import(ProviderClientsConfiguration.class)
@EnableConfigurationProperties({RouterWorkerProperties.class, RoutingProperties.class, BatchLaneProperties.class})
class RouterWorkerConfiguration {

  @Bean(destroyMethod = "close")
  ModelHealthReporter modelHealthReporter(RecordPublisher publisher, Topics topics, Clock clock, RouterWorkerProperties properties,
      ModelResilience resilience, KafkaSettings kafka) {
    ModelHealthReporter reporter = new ModelHealthReporter(publisher, topics, clock,
        kafka.clientId(properties.groupId()),
        resilience.properties().circuitBreaker().failureThreshold(), properties.healthRefresh());
    resilience.onTransition(reporter::circuitChanged);
    return reporter;
  }

  @Bean
  ModelSelector modelSelector(RoutingProperties routing, ModelCatalog catalog) {
    return new ModelSelector(new ComplexityClassifier(routing.mediumLength(), routing.highLength()),
        new RoutingTable(routing.table(), catalog), catalog);
  }

  @Bean
  ProviderCaller providerCaller(ProviderRegistry providers, ModelResilience resilience) {
    return new ProviderCaller(providers, resilience);
  }

  @Bean
  RouteRequestHandler routeRequestHandler(ModelSelector selector, ProviderCaller caller, RecordPublisher publisher,
      Topics topics, CostCalculator costs, ModelHealthReporter health, ModelResilience resilience, Clock clock,
      RouterWorkerProperties properties, MeterRegistry meters, StreamCancellations cancellations) {
    return new RouteRequestHandler(selector, caller, publisher, topics, costs, health, resilience, clock, properties.maxTokens(),
        meters, cancellations);
  }

  /** Cancels of streams whose caller went away; reads ai.requests.cancel once it exists (see routeRequestConsumer). */
  @Bean(destroyMethod = "close")
  StreamCancellations streamCancellations(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner) {
    provisioner.ensure(List.of(topics.requestsCancel()), List.of());
    StreamCancellations cancellations = new StreamCancellations(topics, kafka);
    cancellations.start();
    return cancellations;
  }

  @Bean
  ConsumerLifecycle<QueryRequest> routeRequestConsumer(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner,
      RouteRequestHandler handler, RecordPublisher publisher, RouterWorkerProperties properties) {
    return new ConsumerLifecycle<>(topics.requestsRoute(), List.of(topics.replies(), topics.metrics(), topics.providerHealth()),
        provisioner, () -> new ConcurrentRecordProcessor<>(topics.requestsRoute(),
            kafka.committingConsumer(properties.groupId(), kafka.clientId(properties.groupId())),
            handler, new DeadLetters(publisher), properties.maxInFlight(), properties.shutdownGrace()));
  }

  /** Submitted batches, for their cancel requests: every worker reads all of ai.batch.jobs. */
  @Bean(destroyMethod = "close")
  CompactedTopicView<BatchJob> batchJobsView(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner) {
    provisioner.ensure(List.of(topics.batchJobs()), List.of());
    CompactedTopicView<BatchJob> view = new CompactedTopicView<>(topics.batchJobs(), kafka);
    view.start();
    return view;
  }

  /**
   * The batch lane: its own consumer group on ai.requests.batch, at most {@code maxInFlight} items at once
   * (max.poll.records too, so a poll does not fetch far past it), fetching nothing while the interactive
   * consumer has {@code yieldAt} requests or more in progress.
   */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "gateway.batch-lane.enabled", matchIfMissing = true)
  ConsumerLifecycle<BatchItem> batchItemConsumer(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner,
      RouteRequestHandler handler, RecordPublisher publisher, BatchLaneProperties lane, RouterWorkerProperties properties,
      CompactedTopicView<BatchJob> batchJobsView, ConsumerLifecycle<QueryRequest> routeRequestConsumer, Clock clock,
      MeterRegistry meters) {
    BatchItemHandler items = new BatchItemHandler((request, deadline) -> handler.answer(request, deadline, true),
        batchJobsView::get, publisher, topics, clock, lane, meters);
    return new ConsumerLifecycle<>(topics.requestsBatch(), List.of(topics.batchResults(), topics.metrics(), topics.providerHealth()),
        provisioner, () -> {
          java.util.Map<String, Object> config = kafka.committingConsumer(lane.groupId(), ConsumerLifecycle.clientId(lane.groupId()));
          config.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, lane.maxInFlight()));
          return new ConcurrentRecordProcessor<>(topics.requestsBatch(), config, items, new DeadLetters(publisher),
              lane.maxInFlight(), properties.shutdownGrace(), () -> routeRequestConsumer.inFlight() >= lane.yieldAt());
        });
  }
}
