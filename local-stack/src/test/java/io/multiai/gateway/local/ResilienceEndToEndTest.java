package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.providers.fake.FaultInjector;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;
import tools.jackson.databind.JsonNode;

/**
 * Resilience on the running stack: the real provider clients pointed at fault-injecting fakes, the
 * real broker, requests through HTTP. Circuits stay open 3 s and backoff starts at 10 ms so the
 * scenarios run in seconds; everything else is at its default (3 attempts, threshold 5).
 * Low-complexity balanced queries go gemini-2.5-flash → claude-haiku-4-5 → gpt-5-mini.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceEndToEndTest {

  private static final String HI = "{\"query\":\"hi\"}";

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes()
      .everywhere(Map.of("AI_CIRCUIT_BREAKER_TIMEOUT", 3000, "AI_RETRY_BASE_DELAY", 10))
      .ingress(LocalStackExtension.PLAIN_EDGE);

  private static GatewayClient gateway;
  private static GatewayClient router;
  private static final FaultInjector anthropic = FaultInjector.anthropic(1);
  private static final FaultInjector openai = FaultInjector.openai(2);
  private static final FaultInjector gemini = FaultInjector.gemini(3);

  @BeforeAll
  static void answerThroughFaultInjectors() {
    local.fakes().anthropic.otherwise(anthropic);
    local.fakes().openai.otherwise(openai);
    local.fakes().gemini.otherwise(gemini);
    gateway = local.client(TestKeys.ADMIN);
    router = new GatewayClient(GatewayStack.port(local.stack().service("router-worker")));
  }

  @Test
  @Order(1)
  void givenAPoisonRecord_whenTheRouterConsumesIt_thenItLandsInTheDlqWithTheErrorAndTheNextRequestIsAnswered() {
    String key = "poison-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>("ai.requests.route", key, "not avro".getBytes(StandardCharsets.UTF_8)));
    }

    assertThat(gateway.postJson("/api/ai/route", HI).status()).isEqualTo(200);

    ConsumerRecord<String, byte[]> parked = readUntil("ai.requests.route.dlq", key);
    assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
    assertThat(header(parked, DeadLetters.ERROR)).isNotBlank();
    assertThat(header(parked, DeadLetters.SOURCE_TOPIC)).isEqualTo("ai.requests.route");
    assertThat(gateway.postJson("/api/ai/route", HI).status()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void givenARequestWhoseDeadlineHasPassed_whenTheRouterConsumesIt_thenNoProviderIsCalledAndItIsCounted() {
    String marker = "expired-" + UUID.randomUUID();
    Topics topics = new Topics(TopicNames.defaults());
    QueryRequest request = QueryRequest.newBuilder().setRequestId(marker).setQuery(marker)
        .setCostPriority(CostPriority.BALANCED).setModel("claude-sonnet-4-5").setFallback(false)
        .setCreatedAtMs(System.currentTimeMillis() - 60_000).build();
    RecordHeaders headers = new RecordHeaders();
    RequestHeaders.putLong(headers, RequestHeaders.DEADLINE, System.currentTimeMillis() - 1);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>("ai.requests.route", null, marker,
        topics.requestsRoute().valueSerde().serializer().serialize("ai.requests.route", headers, request), headers);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(record);
    }

    await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() ->
        assertThat(prometheusValue(router.get("/actuator/prometheus").body(), "gateway_router_requests_total{outcome=\"expired\"")).isGreaterThanOrEqualTo(1.0));
    assertThat(local.fakes().anthropic.history()).noneMatch(r -> r.body().contains(marker));
  }

  @Test
  @Order(3)
  void givenOneProviderHardDown_whenRequestsKeepComing_thenAllAnswer200AndItsModelShowsFalseWithinFiveFailuresAndTrueAfterRecovery() {
    gemini.down();
    int geminiCallsBefore = local.fakes().gemini.requestCount();
    for (int i = 0; i < 5; i++) {
      GatewayClient.Response response = gateway.postJson("/api/ai/route", HI);
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(response.json().get("model").asString()).isEqualTo("claude-haiku-4-5");
      JsonNode attempts = response.json().get("attempts");
      assertThat(attempts.get(0).get("model").asString()).isEqualTo("gemini-2.5-flash");
      assertThat(attempts.get(0).get("latencyMs").isNumber()).isTrue();
    }
    // Five failed requests (3 attempts each) open gemini-2.5-flash's circuit; status follows.
    await().atMost(Duration.ofSeconds(30)).pollInSameThread()
        .untilAsserted(() -> assertThat(flashInStatus().get("available").asBoolean()).isFalse());
    JsonNode flash = flashInStatus();
    assertThat(flash.get("circuit").asString()).isEqualTo("open");
    assertThat(flash.get("reason").asString()).startsWith("circuit open after 5 consecutive failed calls");
    assertThat(local.fakes().gemini.requestCount() - geminiCallsBefore).isEqualTo(15);
    assertThat(router.get("/actuator/prometheus").body())
        .contains("resilience4j_circuitbreaker_state{name=\"gemini-2.5-flash\",state=\"open\"} 1.0");

    // While open, gemini is skipped without a call and every request still answers.
    int whileOpen = local.fakes().gemini.requestCount();
    GatewayClient.Response skipped = gateway.postJson("/api/ai/route", HI);
    assertThat(skipped.status()).isEqualTo(200);
    assertThat(skipped.json().get("attempts").get(0).get("outcome").asString()).isEqualTo("circuit_open");
    assertThat(local.fakes().gemini.requestCount()).isEqualTo(whileOpen);

    gemini.recover();
    // After the open period a request probes gemini-2.5-flash; it answers, the circuit closes, status follows.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).pollInSameThread()
        .until(() -> "gemini-2.5-flash".equals(gateway.postJson("/api/ai/route", HI).json().path("model").asString()));
    await().atMost(Duration.ofSeconds(30)).pollInSameThread()
        .untilAsserted(() -> assertThat(flashInStatus().get("available").asBoolean()).isTrue());
  }

  @Test
  @Order(4)
  void givenEveryProviderDown_onceTheCircuitsAreOpen_thenA503ProblemNamingEachModelComesWellUnderASecondWithRetryAfter() {
    gemini.down();
    anthropic.down();
    openai.down();
    try {
      // Five failed requests open all three circuits.
      for (int i = 0; i < 5; i++) {
        assertThat(gateway.postJson("/api/ai/route", HI).status()).isEqualTo(503);
      }
      // The fastest of three: the machine running these tests is shared, a single sample may be descheduled.
      long tookMs = Long.MAX_VALUE;
      GatewayClient.Response response = null;
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        response = gateway.postJson("/api/ai/route", HI);
        tookMs = Math.min(tookMs, (System.nanoTime() - started) / 1_000_000);
      }

      assertThat(tookMs).isLessThan(1_000);
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.retryAfter()).isNotNull();
      assertThat(Long.parseLong(response.retryAfter())).isBetween(1L, 3L);
      assertThat(response.json().get("detail").asString()).startsWith("all providers unavailable")
          .contains("gemini-2.5-flash: ", "claude-haiku-4-5: ", "gpt-5-mini: ");
      assertThat(response.json().get("attempts")).isNotEmpty();
      assertThat(prometheusValue(router.get("/actuator/prometheus").body(), "gateway_router_requests_total{outcome=\"degraded\""))
          .isGreaterThanOrEqualTo(8.0);
    } finally {
      gemini.recover();
      anthropic.recover();
      openai.recover();
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).pollInSameThread()
        .untilAsserted(() -> assertThat(gateway.postJson("/api/ai/route", HI).status()).isEqualTo(200));
  }

  private static JsonNode flashInStatus() {
    return gateway.get("/api/ai/status").json().get("providers").get("gemini").get("models").get("gemini-2.5-flash");
  }

  /** The value of the first Prometheus sample whose line starts with {@code prefix}, 0 if none. */
  static double prometheusValue(String exposition, String prefix) {
    return exposition.lines().filter(line -> line.startsWith(prefix)).findFirst()
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).orElse(0.0);
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
  }

  private static ConsumerRecord<String, byte[]> readUntil(String topic, String key) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(record.key())) {
            return record;
          }
        }
      }
      throw new AssertionError("no record " + key + " on " + topic);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
