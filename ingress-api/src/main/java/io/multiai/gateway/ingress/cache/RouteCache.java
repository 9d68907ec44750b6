package io.multiai.gateway.ingress.cache;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.route.RouteCommand;
import io.multiai.gateway.ingress.route.RouteResponseBody;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers a repeated question from the cache without touching Kafka: the answer says
 * {@code cached: true} and costs 0, and a MetricEvent marked {@code cacheHit} still records the call
 * (so metrics count what callers were served). Only successful replies are stored.
 */
public final class RouteCache {

  private final ResponseCache cache;
  private final boolean enabled;
  private final RecordPublisher publisher;
  private final Topics topics;
  private final Clock clock;
  private final Counter hits;
  private final Counter misses;

  public RouteCache(ResponseCache cache, boolean enabled, RecordPublisher publisher, Topics topics, Clock clock, MeterRegistry meters) {
    this.cache = cache;
    this.enabled = enabled;
    this.publisher = publisher;
    this.topics = topics;
    this.clock = clock;
    this.hits = Counter.builder("gateway.route.cache").tag("result", "hit").register(meters);
    this.misses = Counter.builder("gateway.route.cache").tag("result", "miss").register(meters);
  }

  /** The cache key of a call, or null when this call neither reads nor writes the cache. */
  public String key(RouteCommand command, CachePolicy policy) {
    return enabled && (policy.lookup() || policy.store()) ? CacheKey.of(command) : null;
  }

  /** The cached answer to {@code request}, or empty (a miss, or a lookup the policy skips). */
  public Mono<RouteResponseBody> lookup(String key, CachePolicy policy, QueryRequest request, long startedNanos) {
    if (key == null || !policy.lookup()) {
      return Mono.empty();
    }
    return cache.get(key)
        .map(reply -> {
          hits.increment();
          long latencyMs = (System.nanoTime() - startedNanos + 500_000) / 1_000_000;
          publishHit(reply, request, latencyMs);
          return hit(reply, request.getRequestId(), latencyMs);
        })
        .switchIfEmpty(Mono.fromRunnable(misses::increment));
  }

  public void store(String key, CachePolicy policy, QueryResponse reply) {
    if (key != null && policy.store() && reply.getError() == null && reply.getAnswer() != null) {
      cache.put(key, reply);
    }
  }

  private static RouteResponseBody hit(QueryResponse reply, String requestId, long latencyMs) {
    return new RouteResponseBody(requestId, reply.getAnswer(), reply.getModel(), reply.getProvider(),
        reply.getComplexity().name().toLowerCase(java.util.Locale.ROOT), new RouteResponseBody.Tokens(0, 0), 0.0, true,
        latencyMs, List.of(), reply.getSimulated(), true);
  }

  /** Fire and forget: the caller has its answer; a lost metric is logged by the producer, not retried here. */
  private void publishHit(QueryResponse reply, QueryRequest request, long latencyMs) {
    MetricEvent event = MetricEvent.newBuilder()
        .setRequestId(request.getRequestId())
        .setModel(reply.getModel())
        .setProvider(reply.getProvider())
        .setLatencyMs(latencyMs)
        .setInputTokens(0)
        .setOutputTokens(0)
        .setCostUsd(0.0)
        .setSuccess(true)
        .setComplexity(reply.getComplexity())
        .setCostPriority(request.getCostPriority())
        .setUserIdHash(request.getUserIdHash())
        .setSimulated(reply.getSimulated())
        .setCacheHit(true)
        .setTimestampMs(clock.millis())
        .build();
    // Off the calling thread (an event loop, or Lettuce's): a first send to a topic may wait for metadata.
    Mono.defer(() -> publisher.publish(topics.metrics(), reply.getModel(), event))
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe(ok -> { }, e -> { });
  }
}
