/**
 * The provider client interface, its request and response, typed failures
 * ({@link io.multiai.gateway.providers.ErrorType}: retryable or the caller's), the registry of a
 * worker's clients (live where a key is set, simulated elsewhere) and the simulator.
 */
package io.multiai.gateway.providers;
