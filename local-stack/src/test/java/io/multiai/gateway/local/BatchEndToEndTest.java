package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

import com.sun.net.httpserver.HttpServer;

import io.multiai.gateway.aggregator.batch.BatchWebhooks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asynchronous batches through the HTTP API, the router workers' batch lane and the aggregator, on a real broker. */
class BatchEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String OTHER = "test-other-client-key-0123456789";
  private static final String SECRET = "batch-webhook-test-secret";

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.simulated()
      .everywhere(Map.of("gateway.providers.simulation.latency-mean-ms", 0, "gateway.providers.simulation.latency-jitter-ms", 0,
          "gateway.batch.webhook-allowed-hosts", "localhost", "gateway.batch.webhook-secret", SECRET, "gateway.batch-lane.max-in-flight", 4))
      .ingress(otherClientAndRoomyLimits());

  private static GatewayClient gateway;
  private static HttpServer receiver;
  private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  record Delivery(String signature, String body, String upgrade) {}

  @BeforeAll
  static void startTheWebhookReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Gateway-Signature"), new String(body, StandardCharsets.UTF_8),
          exchange.getRequestHeaders().getFirst("Upgrade")));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    gateway = local.client(TestKeys.CLIENT);
  }

  @AfterAll
  static void stopTheWebhookReceiver() {
    receiver.stop(0);
  }

  private static Map<String, Object> otherClientAndRoomyLimits() {
    Map<String, Object> ingress = new HashMap<>(Map.of("gateway.cache.enabled", false, "gateway.rate-limit.other", 100_000));
    ingress.putAll(TestKeys.key("other", "other", "client", OTHER));
    return ingress;
  }

  private static String jsonl(String prefix, int items) {
    return IntStream.range(0, items)
        .mapToObj(i -> "{\"customId\":\"" + prefix + i + "\",\"query\":\"classify ticket " + i + "\",\"costPriority\":\"cheap\"}")
        .collect(Collectors.joining("\n"));
  }

  private static GatewayClient.Response submitLines(GatewayClient client, String body, String query, String... headers) {
    return client.post("/api/ai/batch" + query, "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static JsonNode awaitStatus(String batchId, String status) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      last[0] = gateway.get("/api/ai/batch/" + batchId).json();
      assertThat(last[0].get("status").asString()).isEqualTo(status);
    });
    return last[0];
  }

  private static List<JsonNode> results(String batchId, String query) {
    GatewayClient.Response response = gateway.get("/api/ai/batch/" + batchId + "/results" + query);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/x-ndjson");
    return response.body().lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
  }

  @Test
  void givenFiveHundredItemsWhenARouterWorkerRestartsMidBatchThenEveryCustomIdHasExactlyOneResultAndTheCountsAddUp() {
    ConfigurableApplicationContext second = GatewayStack.startRouter(local.options(Map.of()));
    GatewayClient.Response submitted = submitLines(gateway, jsonl("t", 500),
        "?webhookUrl=http://localhost:" + receiver.getAddress().getPort() + "/hook");
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String batchId = submitted.json().get("batchId").asString();
    assertThat(submitted.headers().firstValue("location")).hasValue("/api/ai/batch/" + batchId);
    assertThat(submitted.json().get("counts").get("total").asInt()).isEqualTo(500);

    await().atMost(Duration.ofSeconds(60)).until(() -> gateway.get("/api/ai/batch/" + batchId).json().get("counts").get("succeeded").asInt() > 0);
    second.close(); // a worker goes away mid-batch: its partitions move to the other one
    ConfigurableApplicationContext replacement = GatewayStack.startRouter(local.options(Map.of()));
    try {
      JsonNode status = awaitStatus(batchId, "completed");

      List<JsonNode> results = results(batchId, "");
      Map<String, Long> perCustomId = results.stream().collect(Collectors.groupingBy(r -> r.get("customId").asString(), Collectors.counting()));
      assertThat(perCustomId).hasSize(500).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
      long succeeded = results.stream().filter(r -> r.get("status").asString().equals("succeeded")).count();
      double cost = results.stream().mapToDouble(r -> r.get("costUsd").isNull() ? 0 : r.get("costUsd").asDouble()).sum();
      assertThat(status.get("counts").get("succeeded").asLong()).isEqualTo(succeeded).isEqualTo(500);
      assertThat(status.get("counts").get("pending").asInt()).isZero();
      assertThat(status.get("costUsd").asDouble()).isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(status.get("completedAt").isNull()).isFalse();

      await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.stream().anyMatch(d -> d.body().contains(batchId)));
      Delivery delivery = deliveries.stream().filter(d -> d.body().contains(batchId)).findFirst().orElseThrow();
      long t = Long.parseLong(delivery.signature().replaceAll("^t=(\\d+),.*$", "$1"));
      assertThat(delivery.signature()).endsWith(",v1=" + BatchWebhooks.sign(SECRET, t, delivery.body()));
      assertThat(JSON.readTree(delivery.body()).get("type").asString()).isEqualTo("batch.completed");
      assertThat(delivery.upgrade()).as("a plain HTTP/1.1 POST, no h2c upgrade request").isNull();
    } finally {
      replacement.close();
    }
  }

  @Test
  void givenAJsonBodyWithAnIdempotencyKeyWhenItIsSentTwiceThenTheSameBatchAnswersAndOnlyItsOwnerAndAdminsSeeIt() {
    String body = "{\"items\":[{\"customId\":\"a\",\"query\":\"hello\"},{\"customId\":\"b\",\"query\":\"bonjour\",\"provider\":\"claude\"}],"
        + "\"metadata\":{\"team\":\"support\"}}";
    GatewayClient.Response first = gateway.postJson("/api/ai/batch", body, "Idempotency-Key", "nightly-1");
    GatewayClient.Response again = gateway.postJson("/api/ai/batch", body, "Idempotency-Key", "nightly-1");

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    String batchId = first.json().get("batchId").asString();
    assertThat(again.json().get("batchId").asString()).isEqualTo(batchId);
    assertThat(again.headers().firstValue("idempotent-replayed")).hasValue("true");
    JsonNode done = awaitStatus(batchId, "completed");
    assertThat(done.get("counts").get("total").asInt()).isEqualTo(2);
    assertThat(done.get("metadata").get("team").asString()).isEqualTo("support");
    assertThat(results(batchId, "").stream().filter(r -> r.get("customId").asString().equals("b")).findFirst().orElseThrow()
        .get("provider").asString()).isEqualTo("claude");
    assertThat(results(batchId, "?cursor=1&limit=1")).hasSize(1).first().satisfies(r -> assertThat(r.get("seq").asInt()).isEqualTo(1));

    GatewayClient other = local.client(OTHER);
    assertThat(other.get("/api/ai/batch/" + batchId).status()).isEqualTo(404);
    assertThat(other.get("/api/ai/batch/" + batchId + "/results").status()).isEqualTo(404);
    assertThat(other.postJson("/api/ai/batch/" + batchId + "/cancel", "").status()).isEqualTo(404);
    assertThat(other.postJson("/api/ai/batch", body, "Idempotency-Key", "nightly-1").json().get("batchId").asString()).isNotEqualTo(batchId);
    assertThat(local.client(TestKeys.ADMIN).get("/api/ai/batch/" + batchId).status()).isEqualTo(200);
    JsonNode mine = gateway.get("/api/ai/batch").json().get("data");
    assertThat(mine.findValuesAsString("batchId")).contains(batchId);
  }

  @Test
  void givenABadItemWhenTheBatchIsSubmittedThenA400NamesItsCustomIdAndLineAndNothingIsQueued() {
    int before = gateway.get("/api/ai/batch?limit=100").json().get("data").size();
    String lines = "{\"customId\":\"ok-1\",\"query\":\"fine\"}\n{\"customId\":\"bad-2\",\"query\":\"\"}\n{\"customId\":\"ok-3\",\"query\":\"fine\"}";

    GatewayClient.Response bad = submitLines(gateway, lines, "");
    GatewayClient.Response duplicate = gateway.postJson("/api/ai/batch",
        "{\"items\":[{\"customId\":\"x\",\"query\":\"a\"},{\"customId\":\"x\",\"query\":\"b\"}]}");
    GatewayClient.Response unknownModel = gateway.postJson("/api/ai/batch",
        "{\"items\":[{\"customId\":\"m\",\"query\":\"a\",\"model\":\"no-such-model\"}]}");
    GatewayClient.Response empty = gateway.postJson("/api/ai/batch", "{\"items\":[]}");
    GatewayClient.Response internalHook = gateway.postJson("/api/ai/batch",
        "{\"items\":[{\"customId\":\"h\",\"query\":\"a\"}],\"webhookUrl\":\"https://127.0.0.1/hook\"}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("customId").asString()).isEqualTo("bad-2");
    assertThat(bad.json().get("line").asInt()).isEqualTo(2);
    assertThat(bad.json().get("field").asString()).isEqualTo("query");
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().get("line").asInt()).isEqualTo(2);
    assertThat(duplicate.json().get("detail").asString()).contains("already used at line 1");
    assertThat(unknownModel.json().get("field").asString()).isEqualTo("model");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(internalHook.status()).isEqualTo(400);
    assertThat(internalHook.json().get("field").asString()).isEqualTo("webhookUrl");
    assertThat(gateway.get("/api/ai/batch?limit=100").json().get("data").size()).isEqualTo(before);
  }

  @Test
  void givenABatchRefusedForItsWebhookThenItSpendsNoneOfTheCallersItemsPerMinute() {
    String probe = gateway.postJson("/api/ai/batch", "{\"items\":[{\"customId\":\"p\",\"query\":\"a\"}]}").json()
        .get("batchId").asString();
    long before = remainingPerMinute(probe);

    GatewayClient.Response refused = gateway.postJson("/api/ai/batch",
        "{\"items\":[{\"customId\":\"a\",\"query\":\"a\"},{\"customId\":\"b\",\"query\":\"b\"}],"
            + "\"webhookUrl\":\"https://127.0.0.1/hook\"}");

    assertThat(refused.status()).isEqualTo(400);
    // At least as many left (the bucket may have refilled meanwhile), never two fewer.
    assertThat(remainingPerMinute(probe)).isGreaterThanOrEqualTo(before);
  }

  private long remainingPerMinute(String batchId) {
    return gateway.get("/api/ai/batch/" + batchId).json().get("limits").get("itemsPerMinute").get("remaining").asLong();
  }

  @Test
  void givenARunningBatchWhenItIsCancelledThenPendingItemsEndCancelledAndFinishedOnesStay() {
    GatewayClient.Response submitted = submitLines(gateway, jsonl("c", 3000), "");
    String batchId = submitted.json().get("batchId").asString();

    GatewayClient.Response cancel = gateway.postJson("/api/ai/batch/" + batchId + "/cancel", "");

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.json().get("status").asString()).isIn("cancelling", "completed");
    JsonNode done = awaitStatus(batchId, "cancelled");
    JsonNode counts = done.get("counts");
    assertThat(counts.get("cancelled").asInt()).isPositive();
    assertThat(counts.get("succeeded").asInt() + counts.get("failed").asInt() + counts.get("cancelled").asInt()).isEqualTo(3000);
    List<JsonNode> results = results(batchId, "");
    assertThat(results).hasSize(3000);
    assertThat(results.stream().filter(r -> r.get("status").asString().equals("cancelled")))
        .allSatisfy(r -> assertThat(r.get("attempts")).isEmpty());
  }

  @Test
  void givenACompletionWindowThatHasPassedWhenTheWorkersReachTheItemsThenTheyEndExpired() {
    ConfigurableApplicationContext shortWindow = GatewayStack.startIngress(local.options(Map.of("gateway.batch.completion-window", "1ms")));
    try {
      GatewayClient client = new GatewayClient(GatewayStack.port(shortWindow), TestKeys.CLIENT);
      String batchId = submitLines(client, jsonl("e", 5), "").json().get("batchId").asString();

      // At once by the clock (the window has passed), then by the workers' results: every item expired.
      assertThat(client.get("/api/ai/batch/" + batchId).json().get("status").asString()).isEqualTo("expired");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(gateway.get("/api/ai/batch/" + batchId).json().get("counts").get("expired").asInt()).isEqualTo(5));
      JsonNode done = gateway.get("/api/ai/batch/" + batchId).json();
      assertThat(done.get("status").asString()).isEqualTo("expired");
      assertThat(done.get("completedAt").isNull()).isFalse();
      assertThat(done.get("costUsd").asDouble()).isZero();
      assertThat(results(batchId, "")).hasSize(5).allSatisfy(r -> assertThat(r.get("status").asString()).isEqualTo("expired"));
    } finally {
      shortWindow.close();
    }
  }
}
