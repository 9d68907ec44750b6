package io.multiai.gateway.providers.http;

/** What a provider's error body says: its own error code (e.g. {@code overloaded_error}) and message. */
public record ErrorBody(String code, String message) {

  public static final ErrorBody NONE = new ErrorBody(null, null);

  /** The message, or the start of a body that was not the provider's JSON (e.g. a proxy's HTML page). */
  public String messageOr(HttpReply reply) {
    if (message != null && !message.isBlank()) {
      return code == null ? message : code + ": " + message;
    }
    if (code != null) {
      return code;
    }
    return reply.body().isBlank() ? "HTTP " + reply.status() + " with an empty body" : reply.body();
  }
}
