package io.multiai.gateway.ingress.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.ingress.web.EndpointClass;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The caller's limits for /api/ai/status: who it is counted as, and each API class's bucket. */
public final class RateLimitStatus {

  private static final List<EndpointClass> SHOWN = List.of(EndpointClass.STATUS, EndpointClass.METRICS,
      EndpointClass.ROUTE, EndpointClass.ENSEMBLE);

  private final RateLimiter limiter;
  private final ClientLimits limits;
  private final boolean enabled;

  public RateLimitStatus(RateLimiter limiter, ClientLimits limits, boolean enabled) {
    this.limiter = limiter;
    this.limits = limits;
    this.enabled = enabled;
  }

  public Mono<Map<String, Object>> of(ServerWebExchange exchange) {
    if (!enabled) {
      return Mono.just(Map.of("enabled", false));
    }
    String subject = EdgeAttributes.subject(exchange);
    ClientIdentity identity = EdgeAttributes.identity(exchange);
    RateDecision current = exchange.getAttribute(EdgeAttributes.RATE_DECISION);
    return Flux.fromIterable(SHOWN)
        .concatMap(endpoint -> {
          long perMinute = limits.perMinute(identity, endpoint);
          Mono<RateDecision> state = endpoint == EndpointClass.STATUS && current != null
              ? Mono.just(current) // this very request took it
              : limiter.peek(RateLimiter.key(subject, endpoint.wireName(), perMinute), perMinute);
          return state.onErrorResume(e -> Mono.empty()).map(decision -> Map.entry(endpoint.wireName(), describe(decision)));
        })
        .collectList()
        .map(entries -> {
          Map<String, Object> classes = new LinkedHashMap<>();
          entries.forEach(e -> classes.put(e.getKey(), e.getValue()));
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("client", subject);
          body.put("perMinute", classes);
          return body;
        });
  }

  private static Map<String, Object> describe(RateDecision decision) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("limit", decision.limit());
    state.put("remaining", decision.remaining());
    state.put("resetSeconds", decision.resetSeconds());
    return state;
  }
}
