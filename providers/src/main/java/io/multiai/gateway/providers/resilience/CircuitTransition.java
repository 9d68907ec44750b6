package io.multiai.gateway.providers.resilience;

import io.multiai.gateway.common.catalog.ProviderId;

/**
 * A model's circuit changed state on this worker. {@code retryAtMs} is when an open circuit lets a
 * probe through (null unless {@code to} is OPEN).
 */
public record CircuitTransition(String model, ProviderId provider, CircuitState from, CircuitState to, Long retryAtMs,
    long atMs) {}
