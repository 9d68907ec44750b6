package io.multiai.gateway.router.handling;

import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.router.routing.Route;

/** One attempt at a candidate: an answer or a typed failure, how long it took, and whether the provider was called at all. */
record CallResult(Route.Candidate candidate, AttemptOutcome attempt) {

  boolean succeeded() {
    return attempt.succeeded();
  }

  ProviderResponse response() {
    return attempt.response();
  }

  ProviderException failure() {
    return attempt.failure();
  }

  long latencyMs() {
    return attempt.latencyMs();
  }

  /** False when the resilience layer refused the call (open circuit, full bulkhead): no metric event, no cost. */
  boolean providerCalled() {
    return attempt.providerCalled();
  }

  String outcome() {
    return attempt.outcome();
  }

  ErrorType errorType() {
    return attempt.failure() == null ? null : attempt.failure().type();
  }
}
