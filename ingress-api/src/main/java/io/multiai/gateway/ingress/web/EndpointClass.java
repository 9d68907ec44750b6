package io.multiai.gateway.ingress.web;

/** What an endpoint is for, which decides the role it needs and the rate limit it shares. */
public enum EndpointClass {
  STATUS, METRICS, ROUTE, ENSEMBLE, ADMIN, OTHER;

  /** The name used in configuration, headers and /api/ai/status. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
