package io.multiai.gateway.ingress.cache;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.redis.RedisConnections;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
class CacheConfiguration {

  /** In this process unless Redis is configured; with Redis, shared by every replica. */
  @Bean
  ResponseCache responseCache(CacheProperties properties, RedisConnections redis, RecordCipher cipher) {
    return redis.configured() ? new RedisResponseCache(redis.connection(), cipher, properties.ttl()) : new CaffeineResponseCache(properties);
  }

  @Bean
  RouteCache routeCache(ResponseCache cache, CacheProperties properties, RecordPublisher publisher, Topics topics, Clock clock,
      MeterRegistry meters) {
    return new RouteCache(cache, properties.enabled(), properties.scope(), publisher, topics, clock, meters);
  }
}
