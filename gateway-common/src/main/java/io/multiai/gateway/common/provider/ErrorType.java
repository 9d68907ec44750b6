package io.multiai.gateway.common.provider;

/** Why a provider call failed, and whether trying again can help. */
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
  INVALID_RESPONSE("invalid_response", false),
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
