package io.multiai.gateway.aggregator.streams;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.alerts.AlertNotifier;
import io.multiai.gateway.aggregator.alerts.AlertSettings;
import io.multiai.gateway.aggregator.meters.CallMeters;
import io.multiai.gateway.aggregator.topology.MetricsTopology;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ModelSpec;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.Topics;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AggregatorSettings.class, AlertSettings.class})
class AggregatorStreamsConfiguration {

  @Bean
  CallMeters callMeters(MeterRegistry meters, ModelCatalog catalog, PricingProperties pricing) {
    Set<String> known = new HashSet<>(pricing.models().keySet());
    catalog.all().stream().map(ModelSpec::id).forEach(known::add);
    return new CallMeters(meters, known);
  }

  @Bean
  AggregatorStreams aggregatorStreams(Topics topics, KafkaSettings kafka, AggregatorSettings settings, AlertSettings alerts,
      TopicProvisioner provisioner, MeterRegistry meters, CallMeters callMeters, @Value("${server.port:8082}") int serverPort) {
    StateDirectory stateDir = StateDirectory.resolve(settings, serverPort);
    MetricsTopology topology = new MetricsTopology(topics, settings, alerts.rules(), new MetricsTopology.Hooks(callMeters, callMeters),
        StoreKind.PERSISTENT);
    return new AggregatorStreams(topology.build(), StreamsConfigs.forAggregator(kafka, settings, stateDir), stateDir, provisioner,
        topics, meters);
  }

  /** Applied by Spring Boot to the registry before Kafka Streams' meters are bound (see {@link StateStoreMeterTags}). */
  @Bean
  io.micrometer.core.instrument.config.MeterFilter stateStoreMeterTags() {
    return new io.multiai.gateway.aggregator.meters.StateStoreMeterTags();
  }

  @Bean
  AggregatorStreamsHealthIndicator kafkaStreamsHealthIndicator(AggregatorStreams streams) {
    return new AggregatorStreamsHealthIndicator(streams);
  }

  /** Only with a webhook configured: without one, alerts are on the topic and /api/ai/alerts only. */
  @Bean
  @ConditionalOnExpression("!'${gateway.alerts.webhook.url:}'.isBlank()")
  AlertNotifier alertNotifier(Topics topics, KafkaSettings kafka, AggregatorSettings settings, AlertSettings alerts,
      Clock clock, MeterRegistry meters) {
    return new AlertNotifier(topics.alerts(), kafka, settings.applicationId() + "-alert-notifier", alerts.webhook(),
        JsonMapper.builder().build(), clock, meters);
  }
}
