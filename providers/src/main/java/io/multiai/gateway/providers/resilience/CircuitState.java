package io.multiai.gateway.providers.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** A model's circuit as the gateway reports it: calls go through (CLOSED), are refused (OPEN), or one probes (HALF_OPEN). */
public enum CircuitState {
  CLOSED,
  OPEN,
  HALF_OPEN;

  static CircuitState of(CircuitBreaker.State state) {
    return switch (state) {
      case OPEN, FORCED_OPEN -> OPEN;
      case HALF_OPEN -> HALF_OPEN;
      default -> CLOSED;
    };
  }
}
