package io.multiai.gateway.ingress.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.multiai.gateway.ingress.web.EndpointClass;

/** Requests per minute per client, by endpoint class; a key's own limits override these. */
@ConfigurationProperties("gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("300") long status,
    @DefaultValue("60") long metrics,
    @DefaultValue("100") long route,
    @DefaultValue("20") long ensemble,
    @DefaultValue("120") long admin,
    @DefaultValue("60") long other) {

  public long perMinute(EndpointClass endpoint) {
    return switch (endpoint) {
      case STATUS -> status;
      case METRICS -> metrics;
      case ROUTE -> route;
      case ENSEMBLE -> ensemble;
      case ADMIN -> admin;
      case OTHER -> other;
    };
  }
}
