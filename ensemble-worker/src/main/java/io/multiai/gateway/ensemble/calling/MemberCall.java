package io.multiai.gateway.ensemble.calling;

import java.util.List;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.resilience.AttemptOutcome;

/**
 * One model's part in an ensemble: every attempt the resilience policies made (retries included),
 * or a cancellation because another model won first.
 */
public record MemberCall(String model, ProviderId provider, Role role, List<AttemptOutcome> attempts, boolean cancelled,
    Double costUsd, long latencyMs) {

  public enum Role { MEMBER, JUDGE, SYNTHESIZER }

  public MemberCall {
    attempts = List.copyOf(attempts);
  }

  public static MemberCall cancelled(String model, ProviderId provider, Role role) {
    return new MemberCall(model, provider, role, List.of(), true, null, 0);
  }

  public boolean succeeded() {
    return !attempts.isEmpty() && last().succeeded();
  }

  public ProviderResponse response() {
    return succeeded() ? last().response() : null;
  }

  public String answer() {
    return succeeded() ? last().response().text() : null;
  }

  /** success, cancelled, or why the last attempt failed. */
  public String outcome() {
    if (cancelled) {
      return "cancelled";
    }
    return attempts.isEmpty() ? AttemptOutcome.DEADLINE_EXCEEDED : last().outcome();
  }

  public String errorDescription() {
    if (succeeded()) {
      return null;
    }
    if (cancelled) {
      return "cancelled: another model answered first";
    }
    AttemptOutcome last = attempts.isEmpty() ? null : last();
    return last == null || last.failure() == null ? outcome() : outcome() + ": " + last.failure().getMessage();
  }

  private AttemptOutcome last() {
    return attempts.get(attempts.size() - 1);
  }
}
