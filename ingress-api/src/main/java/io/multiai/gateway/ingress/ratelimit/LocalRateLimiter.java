package io.multiai.gateway.ingress.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import reactor.core.publisher.Mono;

/**
 * Buckets in this instance's memory: exact for one instance, and with N instances behind a load
 * balancer each enforces its own share. Idle buckets are dropped after two minutes (a refilled
 * bucket is indistinguishable from a new one), so memory follows the active callers.
 */
public final class LocalRateLimiter implements RateLimiter {

  private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(2))
      .maximumSize(1_000_000)
      .build();

  @Override
  public Mono<RateDecision> consume(String bucketKey, long perMinute, long tokens) {
    ConsumptionProbe probe = bucket(bucketKey, perMinute).tryConsumeAndReturnRemaining(tokens);
    return Mono.just(Probes.of(probe, perMinute));
  }

  @Override
  public Mono<RateDecision> peek(String bucketKey, long perMinute) {
    Bucket bucket = buckets.getIfPresent(bucketKey);
    if (bucket == null) {
      return Mono.just(new RateDecision(true, perMinute, perMinute, 0, 0));
    }
    EstimationProbe probe = bucket.estimateAbilityToConsume(perMinute);
    return Mono.just(Probes.ofFullBucket(probe, perMinute));
  }

  private Bucket bucket(String key, long perMinute) {
    return buckets.get(key, k -> Bucket.builder().addLimit(limit -> limit.capacity(perMinute)
        .refillIntervally(perMinute, Duration.ofMinutes(1))).build());
  }
}
