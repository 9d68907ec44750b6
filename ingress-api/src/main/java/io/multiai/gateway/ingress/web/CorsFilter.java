package io.multiai.gateway.ingress.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * CORS for the configured origins only (none by default: browsers on other sites get no access).
 * Spring's CorsWebFilter does the protocol: a valid preflight is answered here, before
 * authentication (browsers send no key on a preflight), and a request from an origin not listed is
 * refused with 403. Keys travel in headers, never cookies, so credentials stay off.
 */
public final class CorsFilter implements WebFilter, Ordered {

  private final WebFilter delegate;

  public CorsFilter(EdgeProperties.Cors cors) {
    if (cors.allowedOrigins().isEmpty()) {
      this.delegate = (exchange, chain) -> chain.filter(exchange);
      return;
    }
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(cors.allowedOrigins());
    config.setAllowedMethods(List.of("GET", "POST", "DELETE"));
    config.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, "X-API-Key", HttpHeaders.CONTENT_TYPE, HttpHeaders.CACHE_CONTROL));
    config.setExposedHeaders(List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", HttpHeaders.RETRY_AFTER));
    config.setAllowCredentials(false);
    config.setMaxAge(cors.maxAge());
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", config);
    this.delegate = new CorsWebFilter(source);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return delegate.filter(exchange, chain);
  }

  @Override
  public int getOrder() {
    return FilterOrder.CORS;
  }
}
