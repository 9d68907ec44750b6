package io.multiai.gateway.ingress.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis for state shared by ingress replicas (rate-limit buckets, response cache). Unset: each
 * instance keeps that state in memory.
 *
 * @param url e.g. {@code redis://host:6379} or {@code rediss://…} for TLS
 */
@ConfigurationProperties("gateway.redis")
public record RedisProperties(String url, @DefaultValue("2s") Duration timeout) {

  public boolean configured() {
    return url != null && !url.isBlank();
  }
}
