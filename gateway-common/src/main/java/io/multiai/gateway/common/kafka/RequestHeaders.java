package io.multiai.gateway.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Headers that travel with a request so a worker can answer the instance that asked, in time. */
public final class RequestHeaders {

  public static final String CORRELATION_ID = "ai-correlation-id";
  public static final String REPLY_TOPIC = "ai-reply-topic";
  public static final String REPLY_PARTITION = "ai-reply-partition";
  /** Absolute epoch milliseconds after which nobody waits for the answer. */
  public static final String DEADLINE = "ai-deadline-ms";
  public static final String TRACEPARENT = "traceparent";

  private RequestHeaders() {}

  public static void putString(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  public static void putLong(Headers headers, String name, long value) {
    putString(headers, name, Long.toString(value));
  }

  public static String string(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  public static OptionalLong longValue(Headers headers, String name) {
    String value = string(headers, name);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public static OptionalInt intValue(Headers headers, String name) {
    OptionalLong value = longValue(headers, name);
    return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
  }

}
