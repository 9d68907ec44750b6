package io.multiai.gateway.providers.resilience;

import java.util.List;
import java.util.Optional;

import io.multiai.gateway.providers.ProviderResponse;

/**
 * Every attempt made at one model for one request, in order; the last one answered when the call
 * succeeded. {@code deadlineReached} tells that retrying stopped because the request's deadline came
 * (or the next backoff would have passed it), not because the model's retries were used up.
 */
public record ModelCallResult(List<AttemptOutcome> attempts, boolean deadlineReached) {

  public ModelCallResult {
    attempts = List.copyOf(attempts);
  }

  public boolean succeeded() {
    return !attempts.isEmpty() && attempts.get(attempts.size() - 1).succeeded();
  }

  public Optional<ProviderResponse> response() {
    return succeeded() ? Optional.of(attempts.get(attempts.size() - 1).response()) : Optional.empty();
  }
}
