package io.multiai.gateway.ingress.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * The usual security headers on every response, errors included; HSTS only over HTTPS (directly,
 * or behind a trusted proxy that says X-Forwarded-Proto: https). Header values are built once.
 */
public final class SecurityHeadersFilter implements WebFilter, Ordered {

  private final String hsts;
  private final String csp;
  private final String swaggerUiCsp;
  private final TrustedProxies proxies;

  public SecurityHeadersFilter(EdgeProperties.Headers headers, TrustedProxies proxies) {
    this.hsts = "max-age=" + headers.hstsMaxAge().toSeconds() + "; includeSubDomains";
    this.csp = headers.contentSecurityPolicy();
    this.swaggerUiCsp = headers.swaggerUiContentSecurityPolicy();
    this.proxies = proxies;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    exchange.getAttributes().put(EdgeAttributes.RECEIVED_NANOS, System.nanoTime());
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Content-Security-Policy", swaggerUi(exchange.getRequest().getPath().value()) ? swaggerUiCsp : csp);
    if (secure(exchange)) {
      headers.set("Strict-Transport-Security", hsts);
    }
    return chain.filter(exchange);
  }

  /** Swagger UI's own pages (springdoc redirects /swagger-ui to the WebJar's index.html). */
  private static boolean swaggerUi(String path) {
    return path.startsWith("/webjars/swagger-ui/") || path.equals("/swagger-ui") || path.startsWith("/swagger-ui/");
  }

  private boolean secure(ServerWebExchange exchange) {
    if (exchange.getRequest().getSslInfo() != null) {
      return true;
    }
    String proto = exchange.getRequest().getHeaders().getFirst("X-Forwarded-Proto");
    return "https".equalsIgnoreCase(proto) && proxies.trusts(exchange.getRequest().getRemoteAddress());
  }

  @Override
  public int getOrder() {
    return FilterOrder.SECURITY_HEADERS;
  }
}
