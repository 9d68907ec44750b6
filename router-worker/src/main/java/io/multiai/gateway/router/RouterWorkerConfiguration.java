package io.multiai.gateway.router;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.provider.CostCalculator;
import io.multiai.gateway.common.provider.HttpLiveClientFactory;
import io.multiai.gateway.common.provider.LiveClientFactory;
import io.multiai.gateway.common.provider.ModelCatalog;
import io.multiai.gateway.common.provider.ProviderRegistry;
import io.multiai.gateway.common.provider.ProvidersProperties;
import io.multiai.gateway.common.resilience.ModelResilience;
import io.multiai.gateway.common.resilience.ResilienceProperties;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.router.handling.ModelHealthReporter;
import io.multiai.gateway.router.handling.ProviderCaller;
import io.multiai.gateway.router.handling.RouteRequestHandler;
import io.multiai.gateway.router.routing.ComplexityClassifier;
import io.multiai.gateway.router.routing.ModelSelector;
import io.multiai.gateway.router.routing.RoutingProperties;
import io.multiai.gateway.router.routing.RoutingTable;
import io.multiai.gateway.schemas.QueryRequest;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RouterWorkerProperties.class, RoutingProperties.class})
class RouterWorkerConfiguration {

  @Bean
  LiveClientFactory liveClientFactory(Clock clock) {
    return new HttpLiveClientFactory(clock);
  }

  @Bean(destroyMethod = "close")
  ProviderRegistry providerRegistry(ProvidersProperties providers, LiveClientFactory liveClients) {
    return new ProviderRegistry(providers, liveClients);
  }

  /** The per-model policies, shared code with every worker; breaker, retry and bulkhead meters on this service's registry. */
  @Bean
  ModelResilience modelResilience(ResilienceProperties properties, Clock clock, MeterRegistry meters) {
    return new ModelResilience(properties, clock).bindTo(meters);
  }

  @Bean(destroyMethod = "close")
  ModelHealthReporter modelHealthReporter(RecordPublisher publisher, Topics topics, Clock clock, RouterWorkerProperties properties,
      ModelResilience resilience) {
    ModelHealthReporter reporter = new ModelHealthReporter(publisher, topics, clock,
        properties.groupId() + "-" + UUID.randomUUID().toString().substring(0, 8),
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
      RouterWorkerProperties properties, MeterRegistry meters) {
    return new RouteRequestHandler(selector, caller, publisher, topics, costs, health, resilience, clock, properties.maxTokens(),
        meters);
  }

  @Bean
  RouteRequestConsumer routeRequestConsumer(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner,
      RouteRequestHandler handler, RecordPublisher publisher, RouterWorkerProperties properties) {
    return new RouteRequestConsumer(topics, kafka, provisioner, handler, publisher, properties);
  }

  /** Starts consuming once the context is up and drains in-flight requests on shutdown. */
  static final class RouteRequestConsumer implements SmartLifecycle {
    private final Topics topics;
    private final KafkaSettings kafka;
    private final TopicProvisioner provisioner;
    private final RouteRequestHandler handler;
    private final RecordPublisher publisher;
    private final RouterWorkerProperties properties;
    private volatile ConcurrentRecordProcessor<QueryRequest> processor;

    RouteRequestConsumer(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner, RouteRequestHandler handler,
        RecordPublisher publisher, RouterWorkerProperties properties) {
      this.topics = topics;
      this.kafka = kafka;
      this.provisioner = provisioner;
      this.handler = handler;
      this.publisher = publisher;
      this.properties = properties;
    }

    @Override
    public void start() {
      provisioner.ensure(List.of(topics.requestsRoute(), topics.replies(), topics.metrics(), topics.providerHealth()),
          List.of(topics.requestsRoute()));
      String clientId = properties.groupId() + "-" + UUID.randomUUID().toString().substring(0, 8);
      processor = new ConcurrentRecordProcessor<>(topics.requestsRoute(), kafka.committingConsumer(properties.groupId(), clientId),
          handler, new DeadLetters(publisher), properties.maxInFlight(), properties.shutdownGrace());
      processor.start();
    }

    @Override
    public void stop() {
      if (processor != null) {
        processor.close();
        processor = null;
      }
    }

    @Override
    public boolean isRunning() {
      return processor != null;
    }
  }
}
