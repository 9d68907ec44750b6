package io.multiai.gateway.ensemble;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.ConsumerLifecycle;
import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ensemble.calling.ModelInvoker;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.resilience.ModelResilience;
import io.multiai.gateway.schemas.QueryRequest;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EnsembleWorkerProperties.class)
class EnsembleWorkerConfiguration {

  @Bean
  ModelInvoker modelInvoker(ProviderRegistry providers, ModelResilience resilience, ModelCatalog catalog, CostCalculator costs,
      Clock clock) {
    return new ModelInvoker(providers, resilience, catalog, costs, clock);
  }

  @Bean
  EnsembleRequestHandler ensembleRequestHandler(ModelInvoker invoker, RecordPublisher publisher, Topics topics,
      ProvidersProperties providers, EnsembleWorkerProperties properties, Clock clock, MeterRegistry meters) {
    return new EnsembleRequestHandler(invoker, publisher, topics, providers, properties, clock, meters);
  }

  @Bean
  ConsumerLifecycle<QueryRequest> ensembleRequestConsumer(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner,
      EnsembleRequestHandler handler, RecordPublisher publisher, EnsembleWorkerProperties properties) {
    return new ConsumerLifecycle<>(topics.requestsEnsemble(), List.of(topics.replies(), topics.metrics()), provisioner,
        () -> new ConcurrentRecordProcessor<>(topics.requestsEnsemble(),
            kafka.committingConsumer(properties.groupId(), kafka.clientId(properties.groupId())),
            handler, new DeadLetters(publisher), properties.maxInFlight(), properties.shutdownGrace()));
  }
}
