package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.multiai.gateway.common.testing.RedisServer;
import tools.jackson.databind.JsonNode;

/**
 * Budgets exact across replicas and concurrency (issue 17): two ingress instances and two router workers against
 * one Redis and one broker, the simulated provider reporting usage by a known rule (prompt characters / 4 input
 * tokens; output 8 + input / 2 + up to 23, at most the 64-token limit), so every answer's actual cost is in its
 * reply. 200 requests from 50 concurrent callers, split over both ingresses, against one client's budget.
 * Skipped without redis-server.
 */
class BudgetConcurrencyEndToEndTest {

  static final int REQUESTS = 200;
  static final int CALLERS = 50;
  static final int MAX_OUTPUT_TOKENS = 64;
  static final double LIMIT_USD = 0.05;

  private static LocalKafka kafka;
  private static RedisServer redis;
  private static final List<ConfigurableApplicationContext> services = new ArrayList<>();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String DENY_KEY = "budget-deny-key-" + RUN;
  private static final String DOWNGRADE_KEY = "budget-downgrade-key-" + RUN;
  private static final String DENY_CLIENT = "budget-deny-" + RUN;
  private static final String TINY_KEY = "budget-tiny-key-" + RUN;
  private static final String TINY_CLIENT = "budget-tiny-" + RUN;
  private static final String DOWNGRADE_CLIENT = "budget-downgrade-" + RUN;
  private static List<Integer> ports;

  @BeforeAll
  static void startTwoIngressesAndTwoRoutersOnOneRedis() {
    redis = RedisServer.startOrSkip();
    kafka = LocalKafka.start();
    Map<String, Object> common = Map.of("server.port", 0,
        "gateway.providers.simulation.latency-mean-ms", 20, "gateway.providers.simulation.latency-jitter-ms", 10,
        "gateway.router.max-tokens", MAX_OUTPUT_TOKENS);
    Map<String, Object> ingress = new HashMap<>();
    ingress.putAll(TestKeys.key("deny", DENY_CLIENT, "client", DENY_KEY));
    ingress.put("gateway.security.keys.deny.limits.route", 100_000);
    ingress.put("gateway.security.keys.deny.budget.limit-usd", LIMIT_USD);
    ingress.put("gateway.security.keys.deny.budget.action", "deny");
    ingress.putAll(TestKeys.key("downgrade", DOWNGRADE_CLIENT, "client", DOWNGRADE_KEY));
    ingress.put("gateway.security.keys.downgrade.limits.route", 100_000);
    ingress.put("gateway.security.keys.downgrade.budget.limit-usd", 0.02);
    ingress.put("gateway.security.keys.downgrade.budget.period", "monthly");
    ingress.put("gateway.security.keys.downgrade.budget.action", "downgrade");
    ingress.putAll(TestKeys.key("tiny", TINY_CLIENT, "client", TINY_KEY));
    ingress.put("gateway.security.keys.tiny.budget.limit-usd", 0.0001); // less than any request's worst case
    ingress.put("gateway.redis.url", redis.url());
    ingress.put("gateway.cache.enabled", false);
    ingress.put("gateway.budgets.max-output-tokens", MAX_OUTPUT_TOKENS);
    GatewayStack.Options options = new GatewayStack.Options(kafka.bootstrapServers(), common,
        Map.of("ingress-api", TestKeys.ingress(ingress)));
    services.add(GatewayStack.startRouter(options));
    services.add(GatewayStack.startRouter(options));
    services.add(GatewayStack.startIngress(options));
    services.add(GatewayStack.startIngress(options));
    ports = List.of(GatewayStack.port(services.get(2)), GatewayStack.port(services.get(3)));
  }

  @AfterAll
  static void stop() {
    List<AutoCloseable> closing = new ArrayList<>();
    for (int i = services.size() - 1; i >= 0; i--) {
      closing.add(services.get(i)::close);
    }
    closing.add(kafka);
    closing.add(redis);
    Resources.closeAll(closing.toArray(AutoCloseable[]::new));
  }

  /** What a run of concurrent requests got. */
  record Outcome(int answered, int refused, Map<Integer, Integer> statuses, double answeredCostUsd, Map<String, Integer> models) {}

  private static Outcome run(String key, String model) throws Exception {
    List<GatewayClient> instances = List.of(new GatewayClient(ports.get(0), key), new GatewayClient(ports.get(1), key));
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    AtomicInteger next = new AtomicInteger();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    Map<String, Integer> models = new ConcurrentHashMap<>();
    DoubleAdder cost = new DoubleAdder();
    // A long prompt: 480 characters, so the simulator answers the full 64 output tokens and the actual cost is
    // close to the reservation (the prompt bound is bytes, 4 × the simulator's characters / 4).
    String padding = "x".repeat(440);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        futures.add(callers.submit(() -> {
          for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
            String query = "budget " + RUN + " question " + String.format("%04d", i) + " " + padding;
            String body = model == null ? "{\"query\":\"" + query + "\"}" : "{\"query\":\"" + query + "\",\"model\":\"" + model + "\"}";
            GatewayClient.Response response = instances.get(i % 2).postJson("/api/ai/route", body);
            statuses.merge(response.status(), 1, Integer::sum);
            if (response.status() == 200) {
              JsonNode answer = response.json();
              cost.add(answer.get("costUsd").asDouble());
              models.merge(answer.get("model").asString(), 1, Integer::sum);
            } else if (response.status() == 402) {
              assertThat(response.contentType()).startsWith("application/problem+json");
              assertThat(response.retryAfter()).isNotNull();
            }
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      callers.shutdownNow();
    }
    return new Outcome(statuses.getOrDefault(200, 0), statuses.getOrDefault(402, 0), Map.copyOf(statuses), cost.sum(), Map.copyOf(models));
  }

  /** The client's budget as the admin status shows it (read from Redis). */
  private static JsonNode budget(String clientId) {
    JsonNode status = new GatewayClient(ports.get(0), TestKeys.ADMIN).get("/api/ai/status").json();
    for (JsonNode budget : status.get("budgets")) {
      if (budget.get("budget").asString().equals("client:" + clientId)) {
        return budget;
      }
    }
    throw new AssertionError("no budget client:" + clientId + " in " + status.get("budgets"));
  }

  @Test
  void givenA5CentDenyBudget_when200ConcurrentRequestsHitTwoIngresses_thenSpendNeverPassesTheLimitAndTheRestGet402() throws Exception {
    long started = System.nanoTime();
    Outcome outcome = run(DENY_KEY, "claude-sonnet-4-5");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    await().atMost(Duration.ofSeconds(10)).until(() -> budget(DENY_CLIENT).get("reservedUsd").asDouble() == 0.0);
    JsonNode budget = budget(DENY_CLIENT);
    double ledgerSpent = budget.get("spentUsd").asDouble();
    double overspend = Math.max(0, outcome.answeredCostUsd() - LIMIT_USD);
    System.out.printf(Locale.ROOT, "BUDGET deny: %d requests over 2 ingresses / 2 routers in %d ms: %d answered, %d refused 402, "
            + "statuses %s; answered cost $%.6f, ledger spent $%.6f, limit $%.2f, overspend $%.6f%n",
        REQUESTS, tookMs, outcome.answered(), outcome.refused(), outcome.statuses(), outcome.answeredCostUsd(), ledgerSpent, LIMIT_USD,
        overspend);

    assertThat(outcome.answered() + outcome.refused()).as("only 200 and 402, no 5xx: %s", outcome.statuses()).isEqualTo(REQUESTS);
    assertThat(outcome.answered()).isPositive();
    assertThat(outcome.refused()).isPositive();
    assertThat(outcome.answeredCostUsd()).as("the answers' actual cost").isLessThanOrEqualTo(LIMIT_USD);
    assertThat(ledgerSpent).as("the ledger's spent").isLessThanOrEqualTo(LIMIT_USD);
    // Every answer settled at its actual cost (rounded up to a nano-dollar each), none in full.
    assertThat(ledgerSpent).isCloseTo(outcome.answeredCostUsd(), org.assertj.core.data.Offset.offset(REQUESTS * 2e-9));
  }

  @Test
  void givenABudgetSmallerThanAnyRequest_whenEveryEdgeIsCalled_thenEachAnswers402InItsShapeAndThe100PercentAlertFiresOnce() {
    GatewayClient tiny = new GatewayClient(ports.get(0), TINY_KEY);

    GatewayClient.Response route = tiny.postJson("/api/ai/route", "{\"query\":\"hi\"}");
    GatewayClient.Response ensemble = tiny.postJson("/api/ai/ensemble", "{\"query\":\"hi\",\"strategy\":\"best\"}");
    GatewayClient.Response chat = tiny.postJson("/v1/chat/completions",
        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    GatewayClient.Response stream = tiny.postJson("/v1/chat/completions",
        "{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    for (GatewayClient.Response problem : List.of(route, ensemble)) {
      assertThat(problem.status()).isEqualTo(402);
      assertThat(problem.contentType()).startsWith("application/problem+json");
      assertThat(problem.json().get("budget").asString()).isEqualTo("client:" + TINY_CLIENT);
      assertThat(Long.parseLong(problem.retryAfter())).isBetween(1L, 86_400L);
    }
    for (GatewayClient.Response openAi : List.of(chat, stream)) {
      assertThat(openAi.status()).as(openAi.body()).isEqualTo(402);
      assertThat(openAi.contentType()).startsWith("application/json");
      assertThat(openAi.json().get("error").get("code").asString()).isEqualTo("budget_exceeded");
      assertThat(openAi.retryAfter()).isNotNull();
    }
    // The client sees its own budget on the status page.
    JsonNode own = tiny.get("/api/ai/status").json().get("budgets");
    assertThat(own).hasSize(1);
    assertThat(own.get(0).get("budget").asString()).isEqualTo("client:" + TINY_CLIENT);
    // Four refusals, one 100 % alert (on ai.alerts, read back by the ingress's alert log).
    GatewayClient admin = new GatewayClient(ports.get(1), TestKeys.ADMIN);
    String rule = "budget:client:" + TINY_CLIENT + ":daily:100%";
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      List<String> rules = new ArrayList<>();
      admin.get("/api/ai/alerts").json().get("recent").forEach(alert -> rules.add(alert.get("rule").asString()));
      assertThat(rules).containsOnlyOnce(rule);
    });
  }

  @Test
  void givenA2CentDowngradeBudget_when200ConcurrentAutoRoutedRequests_thenRefusedOnesGoToTheCheapestModelAndSpendStaysWithin()
      throws Exception {
    Outcome outcome = run(DOWNGRADE_KEY, null);

    await().atMost(Duration.ofSeconds(10)).until(() -> budget(DOWNGRADE_CLIENT).get("reservedUsd").asDouble() == 0.0);
    double ledgerSpent = budget(DOWNGRADE_CLIENT).get("spentUsd").asDouble();
    System.out.printf(Locale.ROOT, "BUDGET downgrade: %d requests: %d answered (by model %s), %d refused 402, statuses %s; "
            + "answered cost $%.6f, ledger spent $%.6f, limit $0.02, overspend $%.6f%n",
        REQUESTS, outcome.answered(), outcome.models(), outcome.refused(), outcome.statuses(), outcome.answeredCostUsd(), ledgerSpent,
        Math.max(0, outcome.answeredCostUsd() - 0.02));

    assertThat(outcome.answered() + outcome.refused()).as("only 200 and 402, no 5xx: %s", outcome.statuses()).isEqualTo(REQUESTS);
    assertThat(outcome.models()).as("downgraded answers come from the cheapest model").containsKey("gpt-5-mini");
    assertThat(outcome.answeredCostUsd()).isLessThanOrEqualTo(0.02);
    assertThat(ledgerSpent).isLessThanOrEqualTo(0.02);
  }
}
