package io.multiai.gateway.ingress.cache;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.metering.MetricEvents;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers a repeated question from the cache without touching Kafka: the endpoint answers with
 * {@code cached: true} at no cost, and a MetricEvent marked {@code cacheHit} records a query answered
 * (not a provider call: the aggregator counts it as a query and a hit, never as a call). Only
 * successful replies are stored, and an entry is visible only within its scope (see {@link CacheKey}).
 */
public final class RouteCache {

  private final ResponseCache cache;
  private final boolean enabled;
  private final CacheProperties.Scope scope;
  private final RecordPublisher publisher;
  private final Topics topics;
  private final MetricEvents events;
  private final Counter hits;
  private final Counter misses;

  public RouteCache(ResponseCache cache, boolean enabled, CacheProperties.Scope scope, RecordPublisher publisher, Topics topics,
      Clock clock, MeterRegistry meters) {
    this.cache = cache;
    this.enabled = enabled;
    this.scope = scope;
    this.publisher = publisher;
    this.topics = topics;
    this.events = new MetricEvents(clock);
    this.hits = Counter.builder("gateway.route.cache").tag("result", "hit").register(meters);
    this.misses = Counter.builder("gateway.route.cache").tag("result", "miss").register(meters);
  }

  /**
   * The cache key of a route call, or null when this call neither reads nor writes the cache.
   *
   * @param subject who asks: {@code client:<id>}, or {@code ip:<address>} without a key
   * @param request the request as it will be published (its user id already hashed)
   */
  public String key(String subject, QueryRequest request, CachePolicy policy) {
    if (!enabled || !(policy.lookup() || policy.store())) {
      return null;
    }
    return CacheKey.in(scope == CacheProperties.Scope.SHARED ? "shared" : subject)
        .field("user", request.getUserIdHash())
        .field("query", request.getQuery())
        .field("costPriority", request.getCostPriority())
        .field("provider", request.getProvider())
        .field("model", request.getModel())
        .field("fallback", request.getFallback())
        // The OpenAI edge: the whole conversation and every generation parameter (Avro's JSON form of
        // each record names every field, nulls included, in schema order: one text per distinct value).
        .field("messages", request.getMessages().isEmpty() ? null : request.getMessages().toString())
        .field("generation", request.getGeneration())
        .key();
  }

  /**
   * The cached reply to {@code request}, or empty (a miss,
   * or a lookup the policy skips). A hit is recorded at once as a cache-hit MetricEvent.
   */
  public Mono<CacheHit> lookup(String key, CachePolicy policy, QueryRequest request, long startedNanos) {
    if (key == null || !policy.lookup()) {
      return Mono.empty();
    }
    return cache.get(key)
        .map(reply -> {
          hits.increment();
          long latencyMs = (System.nanoTime() - startedNanos + 500_000) / 1_000_000;
          publishHit(reply, request, latencyMs);
          return new CacheHit(reply, latencyMs);
        })
        .switchIfEmpty(Mono.fromRunnable(misses::increment));
  }

  public void store(String key, CachePolicy policy, QueryResponse reply) {
    if (key != null && policy.store() && reply.getError() == null
        && (reply.getAnswer() != null || !reply.getToolCalls().isEmpty())) {
      cache.put(key, reply);
    }
  }

  /** Fire and forget: the caller has its answer; a lost metric is logged by the producer, not retried here. */
  private void publishHit(QueryResponse reply, QueryRequest request, long latencyMs) {
    MetricEvent event = events.cacheHit(request, reply, latencyMs);
    // Off the calling thread (an event loop, or Lettuce's): a first send to a topic may wait for metadata.
    Mono.defer(() -> publisher.publish(topics.metrics(), reply.getModel(), event))
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe(ok -> { }, e -> { });
  }
}
