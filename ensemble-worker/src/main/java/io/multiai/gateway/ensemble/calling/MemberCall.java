package io.multiai.gateway.ensemble.calling;

import io.multiai.gateway.common.provider.ProviderException;
import io.multiai.gateway.common.provider.ProviderId;
import io.multiai.gateway.common.provider.ProviderResponse;

/** One provider call of an ensemble and what came of it: an answer, a typed failure, or a cancellation. */
public record MemberCall(String model, ProviderId provider, Role role, ProviderResponse response, ProviderException failure,
    boolean cancelled, Double costUsd, long latencyMs) {

  public enum Role { MEMBER, JUDGE, SYNTHESIZER }

  public boolean succeeded() {
    return response != null;
  }

  public String answer() {
    return succeeded() ? response.text() : null;
  }

  /** success, cancelled, or the error type. */
  public String outcome() {
    if (succeeded()) {
      return "success";
    }
    return cancelled ? "cancelled" : failure.type().code();
  }

  public String errorDescription() {
    if (succeeded()) {
      return null;
    }
    return cancelled ? "cancelled: another model answered first" : failure.type().code() + ": " + failure.getMessage();
  }
}
