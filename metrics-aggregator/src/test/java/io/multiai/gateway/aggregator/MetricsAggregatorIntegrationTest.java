package io.multiai.gateway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.multiai.gateway.aggregator.streams.AggregatorStreamsHealthIndicator;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;
import io.multiai.gateway.schemas.AvroSerde;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * The whole service against a real (embedded, single-node KRaft) broker, exactly-once included, with a
 * local HTTP server as the alert webhook. Ordered: the totals test counts every event published.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsAggregatorIntegrationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static EmbeddedKafkaKraftBroker broker;
  private static ConfigurableApplicationContext app;
  private static FakeHttpServer webhook;

  @BeforeAll
  static void startBrokerAndAggregator() {
    broker = KraftBroker.start(3);
    // stands in for a Slack incoming webhook, which answers "ok"
    webhook = FakeHttpServer.start().otherwise(request -> FakeResponse.of(200, "text/plain", "ok"));

    // As arguments, not builder properties: those are defaults, which the service's own
    // metrics-aggregator.yml (server.port) and gateway-defaults.yml (bootstrap servers) override.
    app = MetricsAggregatorApplication.builder().run(
        "--server.port=0",
        "--gateway.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
        "--gateway.kafka.partitions=2",
        "--gateway.aggregator.application-id=metrics-aggregator-it-" + UUID.randomUUID(),
        "--gateway.alerts.webhook.url=" + webhook.baseUrl() + "/hooks/alerts");
  }

  @AfterAll
  static void stopAll() {
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.destroy();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  @Order(1)
  void publishesTheRunningTotalsOfThePublishedCallsPerModelAndOverall() {
    Instant now = Instant.now();
    publish(
        call("gpt-5-mini", 120, 0.002, true, now),
        call("gpt-5-mini", 80, 0.001, true, now.plusMillis(10)),
        call("claude-haiku-4-5", 300, null, false, now.plusMillis(20)));

    Map<String, MetricWindow> latest = readWindowsUntil(seen ->
        seen.containsKey("*|0|0") && seen.get("*|0|0").getCount() == 3
            && seen.containsKey("gpt-5-mini|0|0") && seen.get("gpt-5-mini|0|0").getCount() == 2);

    MetricWindow all = latest.get("*|0|0");
    assertThat(all.getSuccesses()).isEqualTo(2);
    assertThat(all.getCostUsd()).isCloseTo(0.003, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(all.getUnknownCostCount()).isEqualTo(1);
    assertThat(all.getLatencySumMs()).isEqualTo(500);
    assertThat(all.getLatencyMaxMs()).isEqualTo(300);
    assertThat(latest.get("gpt-5-mini|0|0").getCostUsd()).isCloseTo(0.003, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(latest.get("claude-haiku-4-5|0|0").getSuccesses()).isZero();
    long minute = now.toEpochMilli() - now.toEpochMilli() % 60_000;
    assertThat(latest.keySet()).anyMatch(key -> key.startsWith("*|60000|" + minute) || key.startsWith("*|60000|" + (minute + 60_000)));

    HealthIndicator health = app.getBean(AggregatorStreamsHealthIndicator.class);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  @Order(2)
  void givenABurstOfFailingRequestsThenExactlyOneFiringAlertIsPublishedAndPostedToTheWebhook() throws Exception {
    Instant now = Instant.now();
    MetricEvent[] burst = new MetricEvent[40];
    for (int i = 0; i < burst.length; i++) {
      burst[i] = call("gemini-2.5-pro", 50, 0.0, false, now.plusMillis(i));
    }
    publish(burst);

    List<Alert> alerts = readAlertsFor(Duration.ofSeconds(5), seen -> !seen.isEmpty());

    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("success_rate_low");
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getModel()).isEqualTo("*");
    });
    String posted = webhook.takeRequest(PATIENCE).body();
    assertThat(posted).contains("\"text\"").contains("FIRING").contains("success_rate_low").contains("page_oncall");
    Thread.sleep(1_000);
    assertThat(webhook.requestCount()).as("one alert, one post").isEqualTo(1);
  }

  /** Reads ai.alerts until {@code done}, then for {@code settle} more, so a repeat would be seen. */
  private List<Alert> readAlertsFor(Duration settle, java.util.function.Predicate<List<Alert>> done) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-alerts-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<Alert> alerts = new java.util.ArrayList<>();
    try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config, new StringDeserializer(), AvroSerde.of(Alert.class))) {
      consumer.subscribe(List.of("ai.alerts"));
      Instant deadline = Instant.now().plus(PATIENCE);
      Instant settled = null;
      while (settled == null || Instant.now().isBefore(settled)) {
        assertThat(Instant.now()).as("alerts seen so far: %s", alerts).isBefore(deadline);
        for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
          alerts.add(record.value());
        }
        if (settled == null && done.test(alerts)) {
          settled = Instant.now().plus(settle);
        }
      }
    }
    return alerts;
  }

  private void publish(MetricEvent... events) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, MetricEvent> producer =
        new KafkaProducer<>(config, new StringSerializer(), AvroSerde.of(MetricEvent.class))) {
      for (MetricEvent event : events) {
        producer.send(new ProducerRecord<>("ai.metrics", null, event.getTimestampMs(), event.getModel(), event));
      }
      producer.flush();
    }
  }

  private Map<String, MetricWindow> readWindowsUntil(java.util.function.Predicate<Map<String, MetricWindow>> done) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // What a read model must do too: an aborted exactly-once transaction's records are not results.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, MetricWindow> latest = new HashMap<>();
    try (KafkaConsumer<String, MetricWindow> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), AvroSerde.of(MetricWindow.class))) {
      consumer.subscribe(List.of("ai.metrics.windows"));
      Instant deadline = Instant.now().plus(PATIENCE);
      while (!done.test(latest)) {
        assertThat(Instant.now()).as("aggregates seen so far: %s", latest.keySet()).isBefore(deadline);
        for (ConsumerRecord<String, MetricWindow> record : consumer.poll(Duration.ofMillis(200))) {
          latest.put(record.key(), record.value());
        }
      }
    }
    return latest;
  }

  private static MetricEvent call(String model, long latencyMs, Double costUsd, boolean success, Instant at) {
    return MetricEvent.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setModel(model)
        .setProvider("test")
        .setLatencyMs(latencyMs)
        .setInputTokens(10)
        .setOutputTokens(20)
        .setCostUsd(costUsd)
        .setSuccess(success)
        .setTimestampMs(at.toEpochMilli())
        .build();
  }
}
