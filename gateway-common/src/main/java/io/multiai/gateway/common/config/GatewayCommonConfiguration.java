package io.multiai.gateway.common.config;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;

import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.privacy.PrivacyProperties;
import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.common.privacy.RecordKeys;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.common.web.PathFirewallConfiguration;

/**
 * Beans every service needs: typed topics, Kafka settings, the model catalog and prices, and the path
 * firewall in front of every HTTP port.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TopicNames.class, KafkaSettings.class, ProvidersProperties.class,
    PricingProperties.class, PrivacyProperties.class})
@Import(PathFirewallConfiguration.class)
public class GatewayCommonConfiguration {

  private static final Logger log = LoggerFactory.getLogger(GatewayCommonConfiguration.class);

  @Bean
  Topics topics(TopicNames names, RecordCipher recordCipher) {
    return new Topics(names, recordCipher);
  }

  /** Encrypts the values of the ephemeral topics; keys from gateway.privacy.record-keys (README, Privacy). */
  @Bean
  RecordCipher recordCipher(PrivacyProperties privacy) {
    RecordKeys keys = RecordKeys.of(privacy);
    if (keys.isDevelopment()) {
      log.warn("request and reply records are encrypted with the development record key: set gateway.privacy.record-keys "
          + "(AI_SECRETS_DIR) in production");
    } else {
      log.info("request and reply records are encrypted with record key '{}'; keys that decrypt: {}", keys.currentId(), keys.ids());
    }
    return new RecordCipher(keys);
  }

  @Bean
  ModelCatalog modelCatalog(ProvidersProperties providers) {
    return new ModelCatalog(providers);
  }

  @Bean
  CostCalculator costCalculator(PricingProperties pricing, Clock clock) {
    return new CostCalculator(pricing, clock);
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
    // Netty waits for a quiet period with no new task before its loops stop; Reactor's default, 2 s, was
    // most of each service's stop (four services and a broker in the local stack: 12-15 s for Ctrl-C).
    // By then the web server has finished its requests (graceful shutdown) and the workers their provider
    // calls (shutdown-grace), so nothing is left for a long quiet period to wait for.
    factory.setShutdownQuietPeriod(EVENT_LOOP_QUIET_PERIOD);
    return factory;
  }

  /** How long Netty's event loops wait for new work before they stop at shutdown (Reactor's default: 2 s). */
  static final java.time.Duration EVENT_LOOP_QUIET_PERIOD = java.time.Duration.ofMillis(100);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
