package io.multiai.gateway.aggregator.streams;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.windows.MetricsTopology;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.Topics;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AggregatorSettings.class)
class AggregatorStreamsConfiguration {

  @Bean
  AggregatorStreams aggregatorStreams(Topics topics, KafkaSettings kafka, AggregatorSettings settings,
      TopicProvisioner provisioner, ObjectProvider<MeterRegistry> meters, @Value("${server.port:8082}") int serverPort) {
    StateDirectory stateDir = StateDirectory.resolve(settings, serverPort);
    return new AggregatorStreams(new MetricsTopology(topics, settings).build(),
        StreamsProperties.of(kafka, settings, stateDir), stateDir, provisioner, topics, meters.getIfAvailable());
  }

  @Bean
  AggregatorStreamsHealthIndicator kafkaStreamsHealthIndicator(AggregatorStreams streams) {
    return new AggregatorStreamsHealthIndicator(streams);
  }
}
