package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/** The whole pipeline through its HTTP API, on a real in-JVM KRaft broker. */
class PipelineEndToEndTest {

  /** The pipeline as such: every call reaches a worker (no response cache), limits out of the way. */
  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.simulated()
      .everywhere(Map.of("gateway.providers.simulation.latency-mean-ms", 0, "gateway.providers.simulation.latency-jitter-ms", 0))
      .ingress(Map.of("gateway.cache.enabled", false, "gateway.rate-limit.route", 10_000));

  private static GatewayClient gateway;

  @BeforeAll
  static void callAsAClient() {
    gateway = local.client(TestKeys.CLIENT);
  }

  @Test
  void routesAQueryToASimulatedModelAndAnswersWithModelTokensCostAndLatency() {
    GatewayClient.Response response = gateway.postJson("/api/ai/route", "{\"query\":\"hi\"}");

    assertThat(response.status()).isEqualTo(200);
    JsonNode answer = response.json();
    assertThat(answer.get("requestId").asString()).isNotBlank();
    assertThat(answer.get("answer").asString()).isNotBlank();
    assertThat(answer.get("model").asString()).isEqualTo("gemini-2.5-flash");
    assertThat(answer.get("provider").asString()).isEqualTo("gemini");
    assertThat(answer.get("complexity").asString()).isEqualTo("low");
    assertThat(answer.get("tokens").get("input").asLong()).isPositive();
    assertThat(answer.get("tokens").get("output").asLong()).isPositive();
    assertThat(answer.get("costUsd").asDouble()).isPositive();
    assertThat(answer.has("latencyMs")).isTrue();
    assertThat(answer.get("simulated").asBoolean()).isTrue();
    assertThat(answer.get("attempts")).hasSize(1);
    assertThat(answer.get("attempts").get(0).get("outcome").asString()).isEqualTo("success");
  }

  @Test
  void countsEveryAnsweredCallInTheMetricsWhicheverModelAnswered() {
    // Only this test pins gpt-4.1-mini, so its figures are this test's alone.
    String pinned = "{\"query\":\"count me\",\"model\":\"gpt-4.1-mini\"}";
    double cost = 0;
    for (int i = 0; i < 3; i++) {
      JsonNode answer = gateway.postJson("/api/ai/route", pinned).json();
      assertThat(answer.get("model").asString()).isEqualTo("gpt-4.1-mini");
      cost += answer.get("costUsd").asDouble();
    }
    double expectedCost = cost;

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode metrics = gateway.get("/api/ai/metrics").json();
      JsonNode model = metrics.get("byModel").get("gpt-4.1-mini");
      assertThat(model).isNotNull();
      assertThat(model.get("totalQueries").asLong()).isEqualTo(3);
      assertThat(model.get("totalCost").asDouble()).isCloseTo(expectedCost, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(model.get("successRate").asDouble()).isEqualTo(1.0);
      assertThat(metrics.get("totalQueries").asLong()).isGreaterThanOrEqualTo(3);
      assertThat(metrics.has("averageLatency")).isTrue();
    });
  }

  @Test
  void aPinnedProviderAnswersWithThatProvidersModel() {
    JsonNode answer = gateway.postJson("/api/ai/route", "{\"query\":\"hi\",\"provider\":\"claude\",\"costPriority\":\"quality\"}").json();

    assertThat(answer.get("provider").asString()).isEqualTo("claude");
    assertThat(answer.get("model").asString()).isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void statusReportsTheRunningAgentsAndModels() {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode status = gateway.get("/api/ai/status").json();
      assertThat(status.get("status").asString()).isEqualTo("operational");
      assertThat(status.get("agents").get("router").asString()).isEqualTo("active");
      assertThat(status.get("agents").get("orchestrator").asString()).isEqualTo("active");
      assertThat(status.get("models").get("claude").asBoolean()).isTrue();
      assertThat(status.get("models").get("gemini").asBoolean()).isTrue();
    });
  }

  @Test
  void twoIngressInstancesEachReceiveTheirOwnReplies() throws Exception {
    // The second instance reads one fixed reply partition; the first reads them all and filters.
    ConfigurableApplicationContext second = GatewayStack.startIngress(local.options(Map.of("gateway.ingress.reply-partition", 2)));
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      GatewayClient other = new GatewayClient(GatewayStack.port(second), TestKeys.CLIENT);
      List<CompletableFuture<GatewayClient.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        GatewayClient target = i % 2 == 0 ? gateway : other;
        String query = "{\"query\":\"question number " + i + "\"}";
        calls.add(CompletableFuture.supplyAsync(() -> target.postJson("/api/ai/route", query), callers));
      }

      for (CompletableFuture<GatewayClient.Response> call : calls) {
        GatewayClient.Response response = call.get();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
      }
    } finally {
      callers.shutdownNow();
      second.close();
    }
  }

  @ParameterizedTest(name = "{0} -> 400 naming {2}")
  @CsvSource(delimiter = '|', value = {
      "missing query      | {\"costPriority\":\"cheap\"}                    | query",
      "blank query        | {\"query\":\"   \"}                               | query",
      "unknown priority   | {\"query\":\"hi\",\"costPriority\":\"free\"}     | costPriority",
      "number as query    | {\"query\":42}                                    | query",
      "array as priority  | {\"query\":\"hi\",\"costPriority\":[\"cheap\"]}  | costPriority",
      "unknown provider   | {\"query\":\"hi\",\"provider\":\"mistral\"}      | provider",
      "string as fallback | {\"query\":\"hi\",\"fallback\":\"yes\"}          | fallback",
      "unknown field      | {\"query\":\"hi\",\"temperature\":1}             | temperature",
      "control character  | {\"query\":\"a\\u0000b\"}                         | query"})
  void rejectsInvalidFieldsWithProblemDetailsNamingTheField(String name, String body, String field) {
    GatewayClient.Response response = gateway.postJson("/api/ai/route", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("field").asString()).isEqualTo(field);
    assertThat(response.json().get("status").asInt()).isEqualTo(400);
  }

  @Test
  void rejectsAQueryLongerThan5000Characters() {
    GatewayClient.Response response = gateway.postJson("/api/ai/route", "{\"query\":\"" + "a".repeat(5001) + "\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("field").asString()).isEqualTo("query");
  }

  @Test
  void acceptsAQueryOfExactly5000CharactersInAnyScript() {
    GatewayClient.Response response = gateway.postJson("/api/ai/route", "{\"query\":\"" + "日本".repeat(2500) + "\"}");

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void rejectsABodyThatIsNotJson() {
    GatewayClient.Response response = gateway.postJson("/api/ai/route", "query=hi");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] body = {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    GatewayClient.Response response = gateway.post("/api/ai/route", "application/json", body);

    assertThat(response.status()).isEqualTo(400);
  }

  @Test
  void rejectsAnEmptyBody() {
    GatewayClient.Response response = gateway.postJson("/api/ai/route", "");

    assertThat(response.status()).isEqualTo(400);
  }

  @Test
  void answers504WithProblemDetailsWhenNoWorkerRepliesInTime() {
    // An ingress publishing to a topic no worker reads stands in for a fleet that cannot answer.
    ConfigurableApplicationContext lonely = GatewayStack.startIngress(local.options(Map.of(
        "gateway.ingress.reply-timeout", "400ms", "gateway.topics.requests-route", "ai.requests.unserved")));
    try {
      GatewayClient.Response response = new GatewayClient(GatewayStack.port(lonely), TestKeys.CLIENT).postJson("/api/ai/route", "{\"query\":\"hi\"}");

      assertThat(response.status()).isEqualTo(504);
      assertThat(response.contentType()).startsWith("application/problem+json");
    } finally {
      lonely.close();
    }
  }

  @Test
  void exposesPrometheusMetrics() {
    gateway.postJson("/api/ai/route", "{\"query\":\"hi\"}");

    // Prometheus exposition is operational detail: an admin key (a scraper's credentials) reads it.
    GatewayClient.Response response = gateway.get("/metrics", "authorization", "Bearer " + TestKeys.ADMIN);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("gateway_query_latency");
  }

  /**
   * Reactor Netty before 1.3.8 could stop reading a keep-alive connection when the next request
   * arrived before the previous exchange had wound down and was then answered synchronously: about
   * one request in a few thousand was never answered. Every quickly answered endpoint (health, 4xx
   * problems, cache hits) was exposed, on the ingress and on each service's management port.
   */
  @Test
  void answersEveryRequestOnAReusedConnectionAtFullSpeed() throws Exception {
    int ingress = local.ingressPort();
    int router = GatewayStack.port(local.stack().service("router-worker"));
    int[] unanswered = new int[3];
    try (KeepAliveConnection toIngress = new KeepAliveConnection(ingress, 5_000);
        KeepAliveConnection toRouter = new KeepAliveConnection(router, 5_000)) {
      for (int i = 0; i < 3_000 && unanswered[0] + unanswered[1] + unanswered[2] == 0; i++) {
        if (toIngress.exchange("POST", "/api/ai/route", TestKeys.CLIENT, "{\"query\":\"\"}") != 400) {
          unanswered[0]++;
        }
        // Health shares the status endpoints' limit (300 a minute): the first 250 stay under it.
        if (i < 250 && toIngress.exchange("GET", "/actuator/health", TestKeys.CLIENT, null) != 200) {
          unanswered[1]++;
        }
        if (toRouter.exchange("GET", "/actuator/health", TestKeys.CLIENT, null) != 200) {
          unanswered[2]++;
        }
      }
    }

    assertThat(unanswered).containsExactly(0, 0, 0);
  }
}
