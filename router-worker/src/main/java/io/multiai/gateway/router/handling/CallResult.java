package io.multiai.gateway.router.handling;

import io.multiai.gateway.common.provider.ErrorType;
import io.multiai.gateway.common.provider.ProviderException;
import io.multiai.gateway.common.provider.ProviderResponse;
import io.multiai.gateway.router.routing.Route;

/** What one provider call produced: an answer or a typed failure, and how long it took. */
record CallResult(Route.Candidate candidate, ProviderResponse response, ProviderException failure, long latencyMs) {

  boolean succeeded() {
    return response != null;
  }

  String outcome() {
    return succeeded() ? "success" : failure.type().code();
  }

  ErrorType errorType() {
    return failure == null ? null : failure.type();
  }
}
