package io.multiai.gateway.providers.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's complete HTTP answer: status, headers (names lower-cased, first value only) and body
 * text. The body is the provider's output and may echo user text, so it is never logged as a whole.
 */
public record HttpReply(int status, Map<String, String> headers, String body) {

  public HttpReply {
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
  }

  public boolean successful() {
    return status >= 200 && status < 300;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  @Override
  public String toString() {
    return "HttpReply[status=" + status + ", headers=" + headers.keySet() + ", bodyChars=" + body.length() + "]";
  }
}
