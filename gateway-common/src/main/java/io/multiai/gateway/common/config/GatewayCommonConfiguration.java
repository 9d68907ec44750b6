package io.multiai.gateway.common.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.privacy.PrivacyProperties;
import io.multiai.gateway.common.provider.CostCalculator;
import io.multiai.gateway.common.provider.ModelCatalog;
import io.multiai.gateway.common.provider.PricingProperties;
import io.multiai.gateway.common.provider.ProvidersProperties;
import io.multiai.gateway.common.resilience.ResilienceProperties;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;

/** Beans every service needs: typed topics, Kafka settings, the model catalog and prices. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TopicNames.class, KafkaSettings.class, ProvidersProperties.class,
    PricingProperties.class, PrivacyProperties.class, ResilienceProperties.class})
public class GatewayCommonConfiguration {

  @Bean
  Topics topics(TopicNames names) {
    return new Topics(names);
  }

  @Bean
  ModelCatalog modelCatalog(ProvidersProperties providers) {
    return new ModelCatalog(providers);
  }

  @Bean
  CostCalculator costCalculator(PricingProperties pricing) {
    return new CostCalculator(pricing);
  }

  @Bean
  TopicProvisioner topicProvisioner(KafkaSettings settings, TopicNames names, org.springframework.core.env.Environment env) {
    return new TopicProvisioner(settings, names, env.getProperty("spring.application.name", "service"));
  }

  @Bean(destroyMethod = "close")
  RecordPublisher recordPublisher(KafkaSettings settings, org.springframework.core.env.Environment env) {
    return new RecordPublisher(settings, env.getProperty("spring.application.name", "gateway") + "-producer");
  }

  /**
   * Event loops of this service's own: Reactor Netty's global ones are shared by every service in the
   * JVM (the local stack runs them all in one), and a service that stops would dispose them for all.
   */
  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
