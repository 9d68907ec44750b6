package io.multiai.gateway.providers.resilience;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderResponse;

/**
 * One attempt at a model: its answer or why not, and how long it took. {@code providerCalled} is false
 * when the resilience layer refused the call itself (open circuit, full bulkhead): no request reached
 * the provider and no money was spent.
 *
 * @param outcome {@code success}, an {@link io.multiai.gateway.providers.ErrorType} code,
 *     {@link #CIRCUIT_OPEN}, {@link #BULKHEAD_FULL} or {@link #DEADLINE_EXCEEDED}
 */
public record AttemptOutcome(String model, ProviderId provider, String outcome, long latencyMs, ProviderResponse response,
    ProviderException failure, boolean providerCalled) {

  public static final String SUCCESS = "success";
  public static final String CIRCUIT_OPEN = "circuit_open";
  public static final String BULKHEAD_FULL = "bulkhead_full";
  public static final String DEADLINE_EXCEEDED = "deadline_exceeded";

  public boolean succeeded() {
    return response != null;
  }

  /** The failure's type; null when the attempt succeeded. */
  public ErrorType errorType() {
    return failure == null ? null : failure.type();
  }

  /**
   * The usage the provider reported for this attempt: the answer's, or the one a failed answer still
   * came with (billed all the same); null when it reported none (error status, timeout, not called).
   */
  public Usage usage() {
    if (response != null) {
      return response.usage();
    }
    return failure == null ? null : failure.usage().orElse(null);
  }
}
