package io.multiai.gateway.ingress.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import reactor.core.publisher.Mono;

/**
 * Buckets in Redis through Bucket4j's compare-and-swap proxy over Lettuce's asynchronous API: every
 * ingress instance takes tokens from the same bucket, so a limit holds exactly across any number of
 * replicas, and no event-loop thread waits for Redis. Keys expire once their bucket would be full.
 */
public final class RedisRateLimiter implements RateLimiter {

  private final AsyncProxyManager<byte[]> buckets;

  public RedisRateLimiter(StatefulRedisConnection<byte[], byte[]> connection) {
    this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build()
        .asAsync();
  }

  @Override
  public Mono<RateDecision> consume(String bucketKey, long perMinute, long tokens) {
    return Mono.fromFuture(() -> buckets.builder().build(bytes(bucketKey), RateLimiter.configuration(perMinute))
            .tryConsumeAndReturnRemaining(tokens))
        .map(probe -> Probes.of(probe, perMinute));
  }

  @Override
  public Mono<RateDecision> peek(String bucketKey, long perMinute) {
    return Mono.fromFuture(() -> buckets.builder().build(bytes(bucketKey), RateLimiter.configuration(perMinute))
            .estimateAbilityToConsume(perMinute))
        .map(probe -> Probes.ofFullBucket(probe, perMinute));
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
