package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Cache hits are queries answered, not provider calls (issue 12, fault 3): on a fresh stack whose
 * simulated provider takes 400 ms, one miss and four hits show as one call with the call's own
 * latency and cost, and five queries of which four were hits, in every figure the API offers.
 */
class CacheMetricsEndToEndTest {

  private static final long PROVIDER_MS = 400;

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.simulated()
      .everywhere(Map.of("gateway.providers.simulation.latency-mean-ms", PROVIDER_MS, "gateway.providers.simulation.latency-jitter-ms", 0));

  @Test
  void givenOneMissAndFourHitsThenMetricsShowOneCallWithItsRealLatencyAndFourHits() {
    GatewayClient client = local.client(TestKeys.CLIENT);
    GatewayClient admin = local.client(TestKeys.ADMIN);
    String question = "{\"query\":\"What is the capital of France?\",\"model\":\"gpt-5-mini\"}";

    JsonNode miss = client.postJson("/api/ai/route", question).json();
    for (int i = 0; i < 4; i++) {
      assertThat(client.postJson("/api/ai/route", question).json().get("cached").asBoolean()).isTrue();
    }

    double callCost = miss.get("costUsd").asDouble();
    // Polled once a second: /api/ai/metrics allows a client 60 calls a minute.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      GatewayClient.Response response = client.get("/api/ai/metrics");
      assertThat(response.status()).isEqualTo(200);
      JsonNode metrics = response.json();
      assertThat(metrics.get("totalQueries").asLong()).isEqualTo(5);
      assertThat(metrics.get("totalCalls").asLong()).isEqualTo(1);
      assertThat(metrics.get("cacheHits").asLong()).isEqualTo(4);
      assertThat(metrics.get("cacheHitRate").asDouble()).isEqualTo(0.8);
      assertThat(metrics.get("successRate").asDouble()).isEqualTo(1.0);
      assertThat(metrics.get("averageLatency").asDouble()).as("the call's own latency").isGreaterThanOrEqualTo(PROVIDER_MS);
      assertThat(metrics.get("p50Latency").asDouble()).isGreaterThanOrEqualTo(PROVIDER_MS * 0.99);
      assertThat(metrics.get("totalCost").asDouble()).isEqualTo(callCost);
    });

    JsonNode summary = admin.get("/api/ai/analytics/summary").json().get("overview");
    assertThat(summary.get("totalCalls").asLong()).isEqualTo(1);
    assertThat(summary.get("totalQueries").asLong()).isEqualTo(5);
    assertThat(summary.get("averageLatency").asDouble()).isGreaterThanOrEqualTo(PROVIDER_MS);

    JsonNode row = admin.get("/api/ai/analytics/model-comparison").json().get("models").get(0);
    assertThat(row.get("model").asString()).isEqualTo("gpt-5-mini");
    assertThat(row.get("queries").asLong()).as("calls sent to the model").isEqualTo(1);
    assertThat(row.get("cacheHits").asLong()).isEqualTo(4);
    assertThat(row.get("costPerQuery").asDouble()).as("the call's cost, not divided by the hits").isEqualTo(callCost);

    MeterRegistry aggregatorMeters = local.stack().service("metrics-aggregator").getBean(MeterRegistry.class);
    assertThat(aggregatorMeters.get("gateway.provider.call.latency").tags("model", "gpt-5-mini", "outcome", "success").timer().count())
        .as("Prometheus' provider call latency counts calls only").isEqualTo(1);
    assertThat(aggregatorMeters.get("gateway.cache.hits").tags("model", "gpt-5-mini").counter().count()).isEqualTo(4.0);
  }
}
