package io.multiai.gateway.ingress.ratelimit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.redis.RedisConnections;
import io.multiai.gateway.ingress.web.ProblemWriter;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

  /** In memory unless Redis is configured; with Redis, exact across every replica. */
  @Bean
  RateLimiter rateLimiter(RedisConnections redis) {
    return redis.configured() ? new RedisRateLimiter(redis.connection()) : new LocalRateLimiter();
  }

  @Bean
  ClientLimits clientLimits(RateLimitProperties properties) {
    return new ClientLimits(properties);
  }

  @Bean
  RateLimitFilter rateLimitFilter(RateLimitProperties properties, RateLimiter limiter, ClientLimits limits, ProblemWriter problems,
      AuditLog audit, MeterRegistry meters) {
    return new RateLimitFilter(properties.enabled(), limiter, limits, problems, audit, meters);
  }

  @Bean
  RateLimitStatus rateLimitStatus(RateLimitProperties properties, RateLimiter limiter, ClientLimits limits) {
    return new RateLimitStatus(limiter, limits, properties.enabled());
  }
}
