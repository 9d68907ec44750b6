package io.multiai.gateway.providers.fake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scripted answer of {@link FakeHttpServer}: a status, headers and body, optionally after a delay;
 * or a server that never answers; or one that drops the connection part-way through the body.
 */
public record FakeResponse(int status, Map<String, String> headers, byte[] body, Duration delay, Behaviour behaviour,
    int bytesBeforeDrop, java.util.List<String> events, Duration gap) {

  public enum Behaviour {
    ANSWER,
    /** Reads the request and never answers, until the client goes away. */
    HANG,
    /** Announces the whole body's length, sends only the first bytes, then closes the connection. */
    DROP_MID_BODY,
    /**
     * A streamed body (chunked, no length): {@link FakeResponse#events()} one after the other, {@link
     * FakeResponse#gap()} apart, each flushed as it is sent, as a provider streams server-sent events.
     */
    STREAM
  }

  /** The fields of the older answers, which send no events. */
  public FakeResponse(int status, Map<String, String> headers, byte[] body, Duration delay, Behaviour behaviour,
      int bytesBeforeDrop) {
    this(status, headers, body, delay, behaviour, bytesBeforeDrop, java.util.List.of(), Duration.ZERO);
  }

  /**
   * A {@code text/event-stream} answer of {@code sse} (a whole stream as the provider sends it), split into its
   * events (at blank lines) sent {@code gap} apart. Its body is the whole stream, for reference.
   */
  public static FakeResponse eventStream(String sse, Duration gap) {
    java.util.List<String> events = new java.util.ArrayList<>();
    for (String event : sse.split("(?<=\n\n)")) {
      if (!event.isBlank()) {
        events.add(event);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "text/event-stream; charset=utf-8");
    headers.put("cache-control", "no-cache");
    return new FakeResponse(200, headers, sse.getBytes(StandardCharsets.UTF_8), Duration.ZERO, Behaviour.STREAM, 0,
        events, gap);
  }

  /** As {@link #eventStream}, then the connection is closed without ending the body (a dropped stream). */
  public FakeResponse thenDropped() {
    return new FakeResponse(status, headers, body, delay, behaviour, -1, events, gap);
  }

  public FakeResponse {
    headers = Map.copyOf(headers);
    delay = delay == null ? Duration.ZERO : delay;
    events = events == null ? java.util.List.of() : java.util.List.copyOf(events);
    gap = gap == null ? Duration.ZERO : gap;
  }

  public static FakeResponse json(int status, String body) {
    return of(status, "application/json", body);
  }

  public static FakeResponse of(int status, String contentType, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", contentType);
    return new FakeResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO, Behaviour.ANSWER, 0);
  }

  public static FakeResponse hang() {
    return new FakeResponse(0, Map.of(), new byte[0], Duration.ZERO, Behaviour.HANG, 0);
  }

  /** A 2xx JSON answer cut off after {@code bytesSent} bytes by a dropped connection. */
  public static FakeResponse droppedMidBody(int status, String body, int bytesSent) {
    FakeResponse whole = json(status, body);
    return new FakeResponse(status, whole.headers, whole.body, Duration.ZERO, Behaviour.DROP_MID_BODY, bytesSent);
  }

  public FakeResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new FakeResponse(status, more, body, delay, behaviour, bytesBeforeDrop, events, gap);
  }

  /** Waits this long before sending anything (the status line included). */
  public FakeResponse delayedBy(Duration wait) {
    return new FakeResponse(status, headers, body, wait, behaviour, bytesBeforeDrop, events, gap);
  }
}
