package io.multiai.gateway.providers;

/**
 * Why a provider call failed, whether trying again can help, and whether the failure is the caller's.
 *
 * <p><b>Caller errors</b> ({@link #callerError()}) are failures the request itself caused: trying again,
 * the same model or the breaker's view of its health, changes nothing. How the workers answer when a
 * request's models failed with caller errors only (no transient failure among them, which would make a
 * 503 with Retry-After the honest answer):
 *
 * <table>
 *   <caption>caller errors and the reply they lead to</caption>
 *   <tr><th>type</th><th>fallback</th><th>reply when the chain ends with it</th></tr>
 *   <tr><td>{@link #BAD_REQUEST}</td><td>none: a malformed request fails the same way everywhere</td>
 *       <td>400 {@code invalid_request}</td></tr>
 *   <tr><td>{@link #CONTEXT_LENGTH_EXCEEDED}, {@link #PAYLOAD_TOO_LARGE}</td><td>only to candidates with a larger
 *       context window (by the catalog), or of another provider for a byte limit</td>
 *       <td>413 {@code context_length_exceeded}</td></tr>
 *   <tr><td>{@link #CONTENT_BLOCKED}</td><td>only to other providers: a refusal is one provider's policy</td>
 *       <td>422 {@code content_refused}</td></tr>
 * </table>
 *
 * When kinds mix, the reply takes the first of 400, 413, 422: a malformed request is fixed first, then a
 * length (shortening the input may well change the refusals too).
 */
public enum ErrorType {
  RATE_LIMITED("rate_limited", true),
  SERVER_ERROR("server_error", true),
  OVERLOADED("overloaded", true),
  TIMEOUT("timeout", true),
  CONNECTION("connection", true),
  BAD_REQUEST("bad_request", false),
  AUTHENTICATION("authentication", false),
  PERMISSION("permission", false),
  NOT_FOUND("not_found", false),
  PAYLOAD_TOO_LARGE("payload_too_large", false),
  /** The input (with the output budget) does not fit this model's context window; a larger window may take it. */
  CONTEXT_LENGTH_EXCEEDED("context_length_exceeded", false),
  INVALID_RESPONSE("invalid_response", false),
  /** The provider refused the prompt or withheld the answer (refusal, content filter, safety block). */
  CONTENT_BLOCKED("content_blocked", false),
  UNAVAILABLE("unavailable", false);

  private final String code;
  private final boolean retryable;

  ErrorType(String code, boolean retryable) {
    this.code = code;
    this.retryable = retryable;
  }

  /** The name used in metrics, replies and problem details. */
  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  /** Caused by the request, not by the provider's health: never retried, never counted by a circuit breaker. */
  public boolean callerError() {
    return switch (this) {
      case BAD_REQUEST, PAYLOAD_TOO_LARGE, CONTEXT_LENGTH_EXCEEDED, CONTENT_BLOCKED -> true;
      default -> false;
    };
  }

  /** Classifies an HTTP status a provider answered with. */
  public static ErrorType fromStatus(int status) {
    return switch (status) {
      case 400, 422 -> BAD_REQUEST;
      case 401 -> AUTHENTICATION;
      case 403 -> PERMISSION;
      case 404 -> NOT_FOUND;
      case 408 -> TIMEOUT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 429 -> RATE_LIMITED;
      case 529 -> OVERLOADED;
      default -> status >= 500 ? SERVER_ERROR : BAD_REQUEST;
    };
  }
}
