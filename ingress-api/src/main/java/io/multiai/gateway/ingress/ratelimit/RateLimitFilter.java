package io.multiai.gateway.ingress.ratelimit;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.ingress.audit.AuditAction;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.ingress.web.EndpointClass;
import io.multiai.gateway.ingress.web.FilterOrder;
import io.multiai.gateway.ingress.web.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Takes a token for the caller (its key's client id, else its IP) and the endpoint's class; answers
 * 429 with Retry-After when none is left. Every answer carries RateLimit-Limit, -Remaining and
 * -Reset. If the limiter itself fails (Redis down), the request passes: an outage of the limiter
 * should not become an outage of the gateway.
 *
 * <p>Refusals are counted per endpoint class in {@code gateway_ratelimit_rejections_total{endpoint}}
 * (registered at zero for every class, so a dashboard can tell "none" from "not measured"); the
 * console reads them through GET /api/ai/analytics/edge.
 */
public final class RateLimitFilter implements WebFilter, Ordered {

  private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

  private final boolean enabled;
  private final RateLimiter limiter;
  private final ClientLimits limits;
  private final ProblemWriter problems;
  private final AuditLog audit;
  private final Map<EndpointClass, Counter> rejections = new EnumMap<>(EndpointClass.class);

  public RateLimitFilter(boolean enabled, RateLimiter limiter, ClientLimits limits, ProblemWriter problems, AuditLog audit,
      MeterRegistry meters) {
    this.enabled = enabled;
    this.limiter = limiter;
    this.limits = limits;
    this.problems = problems;
    this.audit = audit;
    for (EndpointClass endpoint : EndpointClass.values()) {
      rejections.put(endpoint, Counter.builder(REJECTIONS).tag("endpoint", endpoint.wireName())
          .description("requests refused with 429 by the rate limiter").register(meters));
    }
  }

  /** The Micrometer name of the refusal counter (tag {@code endpoint}: the endpoint class's wire name). */
  public static final String REJECTIONS = "gateway.ratelimit.rejections";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!enabled) {
      return chain.filter(exchange);
    }
    EndpointClass endpoint = EdgeAttributes.endpoint(exchange).endpointClass();
    String subject = EdgeAttributes.subject(exchange);
    long perMinute = limits.perMinute(EdgeAttributes.identity(exchange), endpoint);
    return limiter.consume(RateLimiter.key(subject, endpoint.wireName(), perMinute), perMinute)
        .map(Optional::of)
        .onErrorResume(e -> {
          log.warn("rate limiter unavailable, letting the request through: {}", e.toString());
          return Mono.just(Optional.empty());
        })
        .flatMap(decision -> decision.isEmpty() ? chain.filter(exchange) : apply(exchange, chain, subject, endpoint, decision.get()));
  }

  private Mono<Void> apply(ServerWebExchange exchange, WebFilterChain chain, String subject, EndpointClass endpoint,
      RateDecision decision) {
    exchange.getAttributes().put(EdgeAttributes.RATE_DECISION, decision);
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("RateLimit-Limit", Long.toString(decision.limit()));
    headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
    headers.set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
    return decision.allowed() ? chain.filter(exchange) : refuse(exchange, subject, endpoint, decision);
  }

  private Mono<Void> refuse(ServerWebExchange exchange, String subject, EndpointClass endpoint, RateDecision decision) {
    rejections.get(endpoint).increment();
    audit.record(exchange, AuditAction.RATE_LIMITED, AuditLog.target(exchange), "denied");
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    return problems.write(exchange, 429, "rate-limited",
        "more than " + decision.limit() + " " + endpoint.wireName() + " requests per minute from " + subject,
        Map.of("retryAfterSeconds", decision.retryAfterSeconds()));
  }

  @Override
  public int getOrder() {
    return FilterOrder.RATE_LIMIT;
  }
}
