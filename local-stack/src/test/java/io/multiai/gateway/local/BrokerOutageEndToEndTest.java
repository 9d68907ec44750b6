package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;

/**
 * The broker goes down and comes back (issue 13, "stop the broker for 10 s"): while it is down the ingress answers
 * 503 at once instead of hanging, on both edges; a request answered 503 is never sent to a provider once the broker
 * is back (the caller gave up on it: a call then would be paid for nobody); and everything recovers without a
 * restart. A broker of its own ({@link PersistentKafka}, the run-broker.sh one) so it can stop and start again on its
 * data and port; an ingress and a router worker against it, OpenAI live against its fake.
 */
class BrokerOutageEndToEndTest {

  private static Path data;
  private static int port;
  private static PersistentKafka kafka;
  private static FakeHttpServer openai;
  private static final List<ConfigurableApplicationContext> services = new ArrayList<>();
  private static GatewayClient client;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startABrokerOfItsOwnAnIngressAndARouter() throws Exception {
    data = Files.createTempDirectory("broker-outage");
    port = freePortPair();
    kafka = PersistentKafka.start(data, "127.0.0.1", port);
    openai = FakeHttpServer.start()
        .otherwise(request -> FakeResponse.json(200, Fixtures.read("providers/openai/chat-completion.json")));
    Map<String, Object> common = Map.of("server.port", 0,
        "gateway.providers.openai.api-key", "test-openai-key",
        "gateway.providers.openai.base-url", openai.baseUrl() + "/v1");
    GatewayStack.Options options = new GatewayStack.Options(kafka.bootstrapServers(), common,
        Map.of("ingress-api", TestKeys.ingress(LocalStackExtension.PLAIN_EDGE)));
    services.add(GatewayStack.startRouter(options));
    services.add(GatewayStack.startIngress(options));
    client = new GatewayClient(GatewayStack.port(services.get(1)), TestKeys.CLIENT);
  }

  @AfterAll
  static void stop() {
    List<AutoCloseable> closing = new ArrayList<>();
    for (int i = services.size() - 1; i >= 0; i--) {
      closing.add(services.get(i)::close);
    }
    closing.add(() -> kafka.close());
    closing.add(openai);
    Resources.closeAll(closing.toArray(AutoCloseable[]::new));
  }

  @Test
  void answers503AtOnceWhileTheBrokerIsDownNeverCallsAProviderForThoseRequestsLaterAndRecoversWithoutARestart() throws Exception {
    // given a working pipeline
    assertThat(route("before " + RUN).status()).isEqualTo(200);

    // when the broker stops
    kafka.close();
    long started = System.nanoTime();
    GatewayClient.Response routed = route("during route " + RUN);
    long routeMs = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    GatewayClient.Response streamed = client.postJson("/v1/chat/completions", "{\"model\":\"gpt-5-mini\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"during stream " + RUN + "\"}]}");
    long streamMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("broker down: /api/ai/route answered %d in %d ms, /v1 stream %d in %d ms%n",
        routed.status(), routeMs, streamed.status(), streamMs);

    // then both edges answer 503 with Retry-After, long before the 30 s reply timeout
    assertThat(routed.status()).isEqualTo(503);
    assertThat(routed.headers().firstValue("retry-after")).hasValue("1");
    assertThat(routed.body()).contains("kafka-unavailable");
    assertThat(streamed.status()).isEqualTo(503);
    assertThat(streamed.json().path("error").path("code").asText()).isEqualTo("kafka_unavailable");
    assertThat(routeMs).isLessThan(10_000);
    assertThat(streamMs).isLessThan(10_000);

    // when the broker is back, then requests succeed again without restarting anything
    kafka = PersistentKafka.start(data, "127.0.0.1", port);
    GatewayClient.Response after = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (int i = 0; System.nanoTime() < deadline; i++) {
      after = route("after " + i + " " + RUN);
      if (after.status() == 200) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(after).isNotNull();
    assertThat(after.status()).isEqualTo(200);

    // and the requests answered 503 never reached the provider (a worker has had every chance to pick them up)
    Thread.sleep(3_000);
    assertThat(openai.history()).noneMatch(request -> request.body().contains("during route " + RUN)
        || request.body().contains("during stream " + RUN));
    assertThat(openai.history()).anyMatch(request -> request.body().contains("before " + RUN));
  }

  private static GatewayClient.Response route(String query) {
    return client.postJson("/api/ai/route", "{\"query\":\"" + query + "\",\"provider\":\"openai\",\"fallback\":false}");
  }

  /** A free port whose successor is free too (the broker's controller listens there). */
  private static int freePortPair() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket first = new ServerSocket(0)) {
        int candidate = first.getLocalPort();
        try (ServerSocket second = new ServerSocket(candidate + 1)) {
          return candidate;
        } catch (java.io.IOException taken) {
          // try another
        }
      }
    }
    throw new IllegalStateException("no two consecutive free ports");
  }
}
