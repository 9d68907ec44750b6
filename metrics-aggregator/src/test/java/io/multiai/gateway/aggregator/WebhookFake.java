package io.multiai.gateway.aggregator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A local HTTP server standing in for a Slack incoming webhook: answers "ok" and keeps the bodies. */
public final class WebhookFake implements AutoCloseable {

  private final HttpServer server;
  private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
  private final AtomicInteger received = new AtomicInteger();

  private WebhookFake(HttpServer server) {
    this.server = server;
  }

  public static WebhookFake start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      WebhookFake fake = new WebhookFake(server);
      server.createContext("/hooks/alerts", exchange -> {
        fake.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        fake.received.incrementAndGet();
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, ok.length);
        exchange.getResponseBody().write(ok);
        exchange.close();
      });
      server.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/alerts";
  }

  public String awaitBody(Duration patience) throws InterruptedException {
    String body = bodies.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
    if (body == null) {
      throw new AssertionError("the webhook received nothing within " + patience);
    }
    return body;
  }

  public int received() {
    return received.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
