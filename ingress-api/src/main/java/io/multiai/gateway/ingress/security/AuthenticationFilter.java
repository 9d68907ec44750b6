package io.multiai.gateway.ingress.security;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.multiai.gateway.ingress.audit.AuditAction;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.web.Access;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.ingress.web.Endpoint;
import io.multiai.gateway.ingress.web.FilterOrder;
import io.multiai.gateway.ingress.web.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Identifies the caller by its API key ({@code Authorization: Bearer …} or {@code X-API-Key}) and
 * enforces the endpoint's access rule: 401 without a valid key, 403 for a client key on an admin
 * endpoint. Every refusal and every admin request is audited.
 */
public final class AuthenticationFilter implements WebFilter, Ordered {

  private static final String BEARER = "bearer ";

  private final ApiKeys keys;
  private final boolean enabled;
  private final ProblemWriter problems;
  private final AuditLog audit;

  public AuthenticationFilter(ApiKeys keys, boolean enabled, ProblemWriter problems, AuditLog audit) {
    this.keys = keys;
    this.enabled = enabled;
    this.problems = problems;
    this.audit = audit;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!enabled) {
      return chain.filter(exchange);
    }
    Endpoint endpoint = EdgeAttributes.endpoint(exchange);
    String key = presentedKey(exchange.getRequest().getHeaders());
    if (key == null) {
      if (endpoint.access() == Access.PUBLIC || endpoint.access() == Access.ANONYMOUS_OR_ADMIN) {
        return chain.filter(exchange);
      }
      return refuse(exchange, 401, AuditAction.AUTH_MISSING_KEY, "unauthorized",
          "send an API key as Authorization: Bearer <key> or X-API-Key");
    }
    ClientIdentity identity = keys.find(key);
    if (identity == null) {
      return refuse(exchange, 401, AuditAction.AUTH_INVALID_KEY, "unauthorized", "the API key is not valid");
    }
    exchange.getAttributes().put(EdgeAttributes.IDENTITY, identity);
    if (endpoint.access() == Access.ADMIN || endpoint.access() == Access.ANONYMOUS_OR_ADMIN) {
      if (!identity.isAdmin()) {
        return refuse(exchange, 403, AuditAction.AUTH_FORBIDDEN, "forbidden", "this endpoint needs an admin key");
      }
      return chain.filter(exchange).doFinally(signal -> audit.record(exchange, AuditAction.ADMIN_REQUEST,
          AuditLog.target(exchange), outcome(exchange)));
    }
    return chain.filter(exchange);
  }

  private Mono<Void> refuse(ServerWebExchange exchange, int status, String action, String type, String detail) {
    audit.record(exchange, action, AuditLog.target(exchange), "denied");
    if (status == 401) {
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"multi-ai-gateway\"");
    }
    return problems.write(exchange, status, type, detail);
  }

  private static String outcome(ServerWebExchange exchange) {
    var status = exchange.getResponse().getStatusCode();
    return status == null ? "200" : Integer.toString(status.value());
  }

  /** The key from either header; blank counts as none. */
  static String presentedKey(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.length() > BEARER.length()
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String key = authorization.substring(BEARER.length()).strip();
      return key.isEmpty() ? null : key;
    }
    String header = headers.getFirst("X-API-Key");
    return header == null || header.isBlank() ? null : header.strip();
  }

  @Override
  public int getOrder() {
    return FilterOrder.AUTHENTICATION;
  }
}
