package io.multiai.gateway.ingress.route;

import java.util.List;
import java.util.Locale;

import io.multiai.gateway.ingress.cache.CacheHit;
import io.multiai.gateway.schemas.QueryResponse;

/** The 200 answer of /api/ai/route. */
public record RouteResponseBody(
    String requestId,
    String answer,
    String model,
    String provider,
    String complexity,
    Tokens tokens,
    Double costUsd,
    boolean costKnown,
    /* the cost includes the configured fallback price of a model without a price */
    boolean costEstimated,
    long latencyMs,
    List<AttemptBody> attempts,
    boolean simulated,
    /* answered from the response cache: no provider was called, so it cost nothing */
    boolean cached) {

  public record Tokens(long input, long output) {}

  public record AttemptBody(String model, String provider, String outcome, long latencyMs) {}

  static RouteResponseBody from(QueryResponse reply) {
    return new RouteResponseBody(
        reply.getRequestId(),
        reply.getAnswer(),
        reply.getModel(),
        reply.getProvider(),
        reply.getComplexity().name().toLowerCase(Locale.ROOT),
        new Tokens(reply.getInputTokens(), reply.getOutputTokens()),
        reply.getCostUsd(),
        reply.getCostUsd() != null,
        reply.getCostEstimated(),
        reply.getLatencyMs(),
        attempts(reply),
        reply.getSimulated(),
        false);
  }

  /** An answer served from the cache: this request's id and latency, no provider called, so no tokens, cost or attempts. */
  static RouteResponseBody cached(String requestId, CacheHit hit) {
    QueryResponse reply = hit.reply();
    return new RouteResponseBody(requestId, reply.getAnswer(), reply.getModel(), reply.getProvider(),
        reply.getComplexity().name().toLowerCase(Locale.ROOT), new Tokens(0, 0), 0.0, true, false, hit.latencyMs(), List.of(),
        reply.getSimulated(), true);
  }

  static List<AttemptBody> attempts(QueryResponse reply) {
    return reply.getAttempts().stream()
        .map(a -> new AttemptBody(a.getModel(), a.getProvider(), a.getOutcome(), a.getLatencyMs()))
        .toList();
  }
}
