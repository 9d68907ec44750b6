package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.schemas.AuditEvent;
import io.multiai.gateway.schemas.AvroSerde;
import tools.jackson.databind.JsonNode;

/**
 * Analytics, alerts and user data through the HTTP API of a whole stack of its own (so its counts
 * are this test's alone). OpenAI is "live" against a fake that answers every call with an error, which
 * is how the success rate is driven down; the other providers are simulated and always answer.
 * Ordered: each step builds on the counts of the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsEndToEndTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String SECRET = "analytics-test-secret-0123456789";
  private static final String FAILING = "{\"query\":\"will fail\",\"provider\":\"openai\",\"model\":\"gpt-5-mini\",\"fallback\":false}";

  // OpenAI live against a fake with nothing scripted: every call to it fails; the others simulated.
  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes("openai")
      .everywhere(Map.of("gateway.providers.simulation.latency-mean-ms", 5, "gateway.providers.simulation.latency-jitter-ms", 2,
          "gateway.privacy.user-id-secret", SECRET))
      .ingress(LocalStackExtension.PLAIN_EDGE);

  private static GatewayClient gateway;
  private static int answered;

  @BeforeAll
  static void callAsAnAdmin() {
    gateway = local.client(TestKeys.ADMIN);
  }

  @Test
  @Order(1)
  void givenNRouteCallsThenTheSummaryCountsNQueriesCostingTheSumOfTheRepliesCosts() {
    int n = 25;
    double repliedCost = 0;
    String[] priorities = {"cheap", "balanced", "quality"};
    for (int i = 0; i < n; i++) {
      String query = i % 5 == 0 ? "Compare these designs step by step and explain the trade-off, number " + i : "question " + i;
      GatewayClient.Response reply = gateway.postJson("/api/ai/route",
          "{\"query\":\"" + query + "\",\"costPriority\":\"" + priorities[i % 3] + "\"}");
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      repliedCost += reply.json().get("costUsd").asDouble();
    }
    answered = n;
    double expectedCost = repliedCost;

    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode overview = gateway.get("/api/ai/analytics/summary").json().get("overview");
      assertThat(overview.get("totalQueries").asLong()).isEqualTo(n);
      assertThat(overview.get("totalCost").asDouble()).isCloseTo(expectedCost, within(1e-9));
    });
    JsonNode summary = gateway.get("/api/ai/analytics/summary").json();
    JsonNode overview = summary.get("overview");
    assertThat(overview.get("successRate").asDouble()).isEqualTo(1.0);
    assertThat(overview.get("averageLatency").asDouble()).isPositive();
    assertThat(overview.get("p95Latency").asDouble()).isPositive();
    assertThat(overview.get("cacheHitRate").asDouble()).isZero();
    assertThat(sum(summary.get("byModel"), "totalQueries")).isEqualTo(n);
    assertThat(sum(summary.get("byComplexity"), "totalQueries")).isEqualTo(n);
    assertThat(summary.get("byCostPriority").get("cheap").get("totalQueries").asLong()).isEqualTo(9);
    assertThat(summary.get("timeline")).isNotEmpty();

    JsonNode lastHour = gateway.get("/api/ai/analytics/summary?range=1h").json();
    assertThat(lastHour.get("overview").get("totalQueries").asLong()).isEqualTo(n);
    assertThat(lastHour.get("range").get("granularity").asString()).isEqualTo("1m");
    assertThat(gateway.get("/api/ai/metrics").json().get("totalQueries").asLong()).isEqualTo(n);

    // OpenAI's models fail (the broken fake) and the requests fall back: calls outnumber queries,
    // and the comparison shows the failing models as such while every query succeeded.
    assertThat(overview.get("totalCalls").asLong()).isGreaterThan(n);
    JsonNode models = gateway.get("/api/ai/analytics/model-comparison?range=24h").json().get("models");
    assertThat(models).isNotEmpty().allSatisfy(model -> {
      assertThat(model.get("queries").asLong()).isPositive();
      assertThat(model.has("p95Latency")).isTrue();
      if (model.get("model").asString().startsWith("gpt-")) {
        assertThat(model.get("successRate").asDouble()).isZero();
        assertThat(model.get("failuresByType").size()).isPositive();
      } else {
        assertThat(model.get("successRate").asDouble()).isEqualTo(1.0);
        assertThat(model.get("costPerQuery").asDouble()).isPositive();
        assertThat(model.get("costPer1kTokens").asDouble()).isPositive();
      }
    });
  }

  @Test
  @Order(2)
  void givenAnInvalidRangeThenProblemDetailsNameIt() {
    GatewayClient.Response response = gateway.get("/api/ai/analytics/summary?range=forever");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("field").asString()).isEqualTo("range");
  }

  @Test
  @Order(3)
  void givenTheSuccessRateDrivenBelow90PercentThenOneAlertFiresAndAfterRecoveryOneResolves() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(gateway.postJson("/api/ai/route", FAILING).status()).isEqualTo(503);
    }

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(activeRules()).containsExactly("success_rate_low"));
    // The alert fires as soon as the rate crosses the threshold, which can be before the last of
    // the ten failures has reached the summary's store: wait for the count, do not assume it.
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode summary = gateway.get("/api/ai/analytics/summary").json().get("overview");
      assertThat(summary.get("totalQueries").asLong()).isEqualTo(answered + 10);
      assertThat(summary.get("failuresByType").size()).isPositive();
    });

    // (25 + s) / (35 + s) >= 0.9 from s = 75 successful requests on.
    for (int i = 0; i < 90; i++) {
      assertThat(gateway.postJson("/api/ai/route", "{\"query\":\"recovery " + i + "\"}").status()).isEqualTo(200);
    }

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(activeRules()).isEmpty());
    Thread.sleep(2_000);
    List<String> changes = new ArrayList<>();
    for (JsonNode alert : gateway.get("/api/ai/alerts").json().get("recent")) {
      changes.add(alert.get("rule").asString() + ":" + alert.get("state").asString());
    }
    assertThat(changes).containsExactly("success_rate_low:RESOLVED", "success_rate_low:FIRING");
  }

  @Test
  @Order(4)
  void givenAUsersCallsThenTheExportHoldsThemAndAfterErasureItIsEmptyAndBothAreAudited() {
    String userId = "alice@example.com";
    String path = "/api/ai/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "/metrics";
    for (int i = 0; i < 2; i++) {
      assertThat(gateway.postJson("/api/ai/route", "{\"query\":\"mine " + i + "\",\"userId\":\"" + userId + "\"}").status()).isEqualTo(200);
    }

    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode days = gateway.get(path + "/export").json().get("days");
      assertThat(days).hasSize(1);
      assertThat(days.get(0).get("queries").asLong()).isEqualTo(2);
      assertThat(days.get(0).get("costUsd").asDouble()).isPositive();
    });
    GatewayClient.Response erased = gateway.delete(path);
    assertThat(erased.status()).isEqualTo(202);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(gateway.get(path + "/export").json().get("days")).isEmpty());
    String hash = new UserIdHasher(SECRET).hash(userId);
    List<AuditEvent> audit = readAudit(3);
    assertThat(audit).extracting(AuditEvent::getAction).contains("user_metrics_export", "user_metrics_erasure");
    assertThat(audit).allSatisfy(event -> {
      assertThat(event.getTargetHash()).isEqualTo(hash);
      assertThat(event.toString()).doesNotContain(userId);
      assertThat(event.getActor()).as("the admin key's client, as for every other audited action").isEqualTo("client:ops");
      assertThat(event.getIpHash()).isNotNull();
      assertThat(event.toString()).as("no raw address").doesNotContain("127.0.0.1");
    });
    assertThat(audit).filteredOn(event -> event.getAction().equals("user_metrics_erasure"))
        .singleElement().satisfies(event -> assertThat(event.getOutcome()).isEqualTo("accepted"));
  }

  @Test
  @Order(5)
  void givenTrafficThenPrometheusCountsRequestsByEndpointAndStatusAndProviderCallsByModelWithoutUserIds() {
    String ingress = gateway.get("/metrics").body();
    assertThat(ingress).contains("http_server_requests_seconds_count")
        .contains("uri=\"/api/ai/route\"")
        .contains("uri=\"/api/ai/users/{userId}/metrics/export\"")
        .contains("gateway_query_latency_seconds_bucket")
        .doesNotContain("alice");

    ConfigurableApplicationContext aggregator = local.stack().service("metrics-aggregator");
    String aggregated = new GatewayClient(GatewayStack.port(aggregator)).get("/actuator/prometheus").body();
    assertThat(aggregated).contains("gateway_provider_call_latency_seconds_bucket{model=\"gemini-2.5-flash\"")
        .contains("gateway_provider_tokens")
        .contains("gateway_provider_cost_usd_total")
        .contains("kafka_consumer_fetch_manager_records_lag")
        .doesNotContain("alice");
  }

  private static List<String> activeRules() {
    List<String> rules = new ArrayList<>();
    gateway.get("/api/ai/alerts").json().get("active").forEach(alert -> rules.add(alert.get("rule").asString()));
    return rules;
  }

  private static long sum(JsonNode groups, String field) {
    return StreamSupport.stream(groups.spliterator(), false).mapToLong(group -> group.get(field).asLong()).sum();
  }

  private static List<AuditEvent> readAudit(int atLeast) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    AvroSerde<AuditEvent> serde = AvroSerde.of(AuditEvent.class);
    List<AuditEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("ai.audit"));
      long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
      // The edge audits every admin request on the same topic; only the user-data actions count here.
      while (events.size() < atLeast && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("alice");
          AuditEvent event = serde.decode(record.value());
          if (event.getAction().startsWith("user_metrics_")) {
            events.add(event);
          }
        }
      }
    }
    return events;
  }
}
