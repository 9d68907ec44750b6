package io.multiai.gateway.providers.resilience;

import java.util.List;

import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;

/**
 * How a request that no model answered is answered: the one rule of every worker.
 *
 * <p>A 503 (with Retry-After) says "try again later", which is true only when something transient was
 * among the failures: a retryable error (5xx, 429, overload, timeout, connection), an open circuit, a
 * full bulkhead or the deadline. When there was none, and at least one model rejected the request itself
 * ({@link ErrorType#callerError()}), trying again gets the same answer: the reply is the caller's error,
 * without Retry-After — 400 {@code invalid_request} (malformed), 413 {@code context_length_exceeded}
 * (input too long for every model tried), 422 {@code content_refused} (refused by every provider tried),
 * taken in that order when kinds mix (see {@link ErrorType}). Otherwise (lasting provider-side failures
 * only: rejected key, unknown model, unusable answers) it stays a 503.
 *
 * @param status the HTTP status of the reply
 * @param type the problem type ({@code snake_case}, the ingress turns it into the problem's URI)
 */
public record FailedRequest(int status, String type) {

  public static final FailedRequest UNAVAILABLE = new FailedRequest(503, "all_providers_unavailable");
  public static final FailedRequest INVALID_REQUEST = new FailedRequest(400, "invalid_request");
  public static final FailedRequest CONTEXT_LENGTH_EXCEEDED = new FailedRequest(413, "context_length_exceeded");
  public static final FailedRequest CONTENT_REFUSED = new FailedRequest(422, "content_refused");

  /** Longest provider reason quoted per model in a reply: enough for "prompt is too long: N tokens > M maximum". */
  static final int MAX_REASON_CHARS = 160;

  /** @param attempts every attempt of the request, at every model */
  public static FailedRequest of(List<AttemptOutcome> attempts) {
    return of(attempts, false);
  }

  /**
   * @param cutShort whether the deadline kept some model from being tried at all: it might have
   *     answered, so that is transient too
   */
  public static FailedRequest of(List<AttemptOutcome> attempts, boolean cutShort) {
    if (cutShort) {
      return UNAVAILABLE;
    }
    boolean malformed = false;
    boolean tooLong = false;
    boolean refused = false;
    for (AttemptOutcome attempt : attempts) {
      if (attempt.succeeded()) {
        continue;
      }
      if (isTransient(attempt)) {
        return UNAVAILABLE;
      }
      ErrorType type = attempt.failure() == null ? null : attempt.failure().type();
      if (type == ErrorType.BAD_REQUEST) {
        malformed = true;
      } else if (type == ErrorType.CONTEXT_LENGTH_EXCEEDED || type == ErrorType.PAYLOAD_TOO_LARGE) {
        tooLong = true;
      } else if (type == ErrorType.CONTENT_BLOCKED) {
        refused = true;
      }
    }
    return malformed ? INVALID_REQUEST : tooLong ? CONTEXT_LENGTH_EXCEEDED : refused ? CONTENT_REFUSED : UNAVAILABLE;
  }

  /** True for the caller's errors (4xx): the reply gets no Retry-After. */
  public boolean callersFault() {
    return status < 500;
  }

  /**
   * The provider's reason for a failed attempt, fit for a reply: already scrubbed of key, prompt and quoted
   * input by the client that raised it, and bounded here again (a reply lists one per model).
   */
  public static String reason(AttemptOutcome attempt) {
    ProviderException failure = attempt.failure();
    if (failure == null) {
      return attempt.outcome();
    }
    String reason = failure.reason().replaceAll("\\s+", " ").strip();
    return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
  }

  private static boolean isTransient(AttemptOutcome attempt) {
    if (AttemptOutcome.CIRCUIT_OPEN.equals(attempt.outcome()) || AttemptOutcome.BULKHEAD_FULL.equals(attempt.outcome())
        || AttemptOutcome.DEADLINE_EXCEEDED.equals(attempt.outcome())) {
      return true;
    }
    return attempt.failure() == null || attempt.failure().retryable();
  }
}
