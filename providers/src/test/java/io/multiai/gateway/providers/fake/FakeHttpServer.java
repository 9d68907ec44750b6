package io.multiai.gateway.providers.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A local HTTP/1.1 server standing in for a provider: answers from a script, in order, and records
 * every request. It counts connections closed by either side, so a test can see a client hang up.
 *
 * <pre>{@code
 * try (FakeHttpServer server = FakeHttpServer.start()) {
 *   server.enqueue(FakeResponse.json(200, "{...}"));
 *   ... call server.baseUrl() ...
 *   RecordedRequest request = server.takeRequest();
 * }
 * }</pre>
 */
public final class FakeHttpServer implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Queue<FakeResponse> script = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final Queue<RecordedRequest> history = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final AtomicInteger openedConnections = new AtomicInteger();
  private final AtomicInteger closedConnections = new AtomicInteger();
  private final AtomicInteger streamsSentWhole = new AtomicInteger();
  private final AtomicInteger streamsCutShort = new AtomicInteger();
  private final DisposableServer server;
  private volatile java.util.function.Function<RecordedRequest, FakeResponse> otherwise =
      request -> FakeResponse.json(599, "{\"fake\":\"no response scripted for this request\"}");

  private FakeHttpServer() {
    server = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        // At the channel, not doOnConnection: for HTTP that fires per request on a kept-alive connection.
        .doOnChannelInit((observer, channel, address) -> {
          openedConnections.incrementAndGet();
          channel.closeFuture().addListener(closed -> closedConnections.incrementAndGet());
        })
        .handle(this::handle)
        .bindNow(WAIT);
  }

  public static FakeHttpServer start() {
    return new FakeHttpServer();
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * How to answer once the script is used up (by default 599): e.g. a {@link FaultInjector} that
   * fails a share of requests, or is hard down until told to recover.
   */
  public FakeHttpServer otherwise(java.util.function.Function<RecordedRequest, FakeResponse> behaviour) {
    this.otherwise = behaviour;
    return this;
  }

  public FakeHttpServer enqueue(FakeResponse... responses) {
    script.addAll(List.of(responses));
    return this;
  }

  /**
   * Drops scripted responses no request has used yet and returns how many there were: a test whose
   * call was cancelled before it reached this fake (an ensemble's "fastest" strategy) must not hand
   * its answer to the next test's first request.
   */
  public int discardUnusedScript() {
    int dropped = 0;
    while (script.poll() != null) {
      dropped++;
    }
    requests.clear();
    return dropped;
  }

  /** The next request received, waiting up to 5 s for it. */
  public RecordedRequest takeRequest() {
    return takeRequest(WAIT);
  }

  /** The next request received, waiting up to {@code patience} for it. */
  public RecordedRequest takeRequest(Duration patience) {
    try {
      RecordedRequest request = requests.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
      if (request == null) {
        throw new AssertionError("no request reached the fake server within " + patience);
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every request received so far, in order ({@link #takeRequest} does not remove from it). */
  public List<RecordedRequest> history() {
    return List.copyOf(history);
  }

  public int requestCount() {
    return requestCount.get();
  }

  public int openedConnections() {
    return openedConnections.get();
  }

  public int closedConnections() {
    return closedConnections.get();
  }

  /** Event streams ({@link FakeResponse#eventStream}) sent to their last event. */
  public int streamsSentWhole() {
    return streamsSentWhole.get();
  }

  /** Event streams that stopped before their last event because the client went away. */
  public int streamsCutShort() {
    return streamsCutShort.get();
  }

  /** Waits until at least {@code count} connections have been closed; false if that did not happen in time. */
  public boolean awaitClosedConnections(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closedConnections.get() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
      RecordedRequest recorded = record(request, body);
      requests.add(recorded);
      history.add(recorded);
      requestCount.incrementAndGet();
      FakeResponse next = script.poll();
      if (next == null) {
        next = otherwise.apply(recorded);
      }
      FakeResponse scripted = next;
      return Mono.delay(scripted.delay()).then(Mono.defer(() -> answer(response, scripted)));
    });
  }

  private Mono<Void> answer(HttpServerResponse response, FakeResponse scripted) {
    switch (scripted.behaviour()) {
      case STREAM:
        response.status(HttpResponseStatus.valueOf(scripted.status()));
        scripted.headers().forEach(response::header);
        reactor.core.publisher.Flux<String> events = reactor.core.publisher.Flux.fromIterable(scripted.events());
        if (!scripted.gap().isZero()) {
          events = events.delayElements(scripted.gap());
        }
        events = events
            .doOnComplete(streamsSentWhole::incrementAndGet)
            .doOnCancel(streamsCutShort::incrementAndGet);
        if (scripted.bytesBeforeDrop() < 0) {
          // Every event, then the connection closes without the chunked body's end: a dropped stream.
          events = events.concatWith(Mono.delay(Duration.ofMillis(50)).then(Mono.<String>fromRunnable(
              () -> response.withConnection(connection -> connection.channel().close()))))
              .concatWith(Mono.<String>never());
        }
        // Each event is flushed as it is sent (the queue drains between two): the client sees them one by one.
        return response.sendString(events, java.nio.charset.StandardCharsets.UTF_8).then();
      case HANG:
        return Mono.never();
      case DROP_MID_BODY:
        // Written straight to the channel: Reactor Netty's own response handling would complete or pad it.
        byte[] part = Arrays.copyOf(scripted.body(), Math.min(scripted.bytesBeforeDrop(), scripted.body().length));
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(scripted.status()));
        scripted.headers().forEach((name, value) -> head.headers().set(name, value));
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, scripted.body().length);
        response.withConnection(connection -> {
          connection.channel().write(head);
          connection.channel().writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(part)))
              .addListener(ChannelFutureListener.CLOSE);
        });
        return Mono.never();
      default:
        return headers(response, scripted).sendByteArray(Mono.just(scripted.body())).then();
    }
  }

  private static HttpServerResponse headers(HttpServerResponse response, FakeResponse scripted) {
    response.status(HttpResponseStatus.valueOf(scripted.status()));
    scripted.headers().forEach(response::header);
    response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(scripted.body().length));
    return response;
  }

  private static RecordedRequest record(HttpServerRequest request, String body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.requestHeaders().forEach(
        h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
    return new RecordedRequest(request.method().name(), request.uri(), headers, body);
  }

  @Override
  public void close() {
    server.disposeNow(WAIT);
  }
}
