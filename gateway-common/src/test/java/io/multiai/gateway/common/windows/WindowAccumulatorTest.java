package io.multiai.gateway.common.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * The aggregator sums events in memory and merges the sums into stored windows: that must give the
 * figures adding the events one by one gives, whichever way the events are split into sums.
 */
class WindowAccumulatorTest {

  @Test
  void givenEventsSplitIntoSumsWhenTheSumsAreMergedThenEveryFigureIsThatOfAddingTheEventsOneByOne() {
    List<MetricEvent> events = events(1_000, new Random(3));
    MetricWindow oneByOne = WindowSums.empty();
    for (MetricEvent event : events) {
      oneByOne = WindowSums.add(oneByOne, event);
    }
    MetricWindow merged = WindowSums.empty();
    WindowAccumulator part = new WindowAccumulator(true);
    for (int i = 0; i < events.size(); i++) {
      part.add(events.get(i));
      if (i % 97 == 96 || i == events.size() - 1) {
        merged = WindowSums.merge(merged, part.toAvro());
        part = new WindowAccumulator(true);
      }
    }

    assertThat(merged.getCount()).isEqualTo(oneByOne.getCount());
    assertThat(merged.getSuccesses()).isEqualTo(oneByOne.getSuccesses());
    assertThat(merged.getQueries()).isEqualTo(oneByOne.getQueries());
    assertThat(merged.getQuerySuccesses()).isEqualTo(oneByOne.getQuerySuccesses());
    assertThat(merged.getCacheHits()).isEqualTo(oneByOne.getCacheHits());
    assertThat(merged.getCostUsd()).isEqualTo(oneByOne.getCostUsd(), within(1e-9));
    assertThat(merged.getUnknownCostCount()).isEqualTo(oneByOne.getUnknownCostCount());
    assertThat(merged.getEstimatedCostCount()).isEqualTo(oneByOne.getEstimatedCostCount());
    assertThat(merged.getInputTokens()).isEqualTo(oneByOne.getInputTokens());
    assertThat(merged.getOutputTokens()).isEqualTo(oneByOne.getOutputTokens());
    assertThat(merged.getLatencySumMs()).isEqualTo(oneByOne.getLatencySumMs());
    assertThat(merged.getLatencyMaxMs()).isEqualTo(oneByOne.getLatencyMaxMs());
    assertThat(merged.getFailuresByType()).isEqualTo(oneByOne.getFailuresByType());
    assertThat(merged.getLatency()).as("the same sketch buckets").isEqualTo(oneByOne.getLatency());
  }

  @Test
  void givenCallsHitsAndFailuresThenEachCountsWhereTheWindowSumsSay() {
    WindowAccumulator sum = new WindowAccumulator(true)
        .add(call(120, 0.25).build())
        .add(call(80, null).setConcluding(false).setSuccess(false).setErrorType("timeout").build())
        .add(call(2, 0.0).setCacheHit(true).build())
        .add(call(0, 0.5).setCostEstimated(true).build());

    MetricWindow window = sum.toAvro();
    assertThat(sum.events()).isEqualTo(4);
    assertThat(window.getCount()).as("provider calls").isEqualTo(3);
    assertThat(window.getQueries()).as("concluding calls and the hit").isEqualTo(3);
    assertThat(window.getQuerySuccesses()).isEqualTo(3);
    assertThat(window.getCacheHits()).isEqualTo(1);
    assertThat(window.getCostUsd()).isEqualTo(0.75);
    assertThat(window.getUnknownCostCount()).isEqualTo(1);
    assertThat(window.getEstimatedCostCount()).isEqualTo(1);
    assertThat(window.getLatencySumMs()).as("calls only").isEqualTo(200);
    assertThat(window.getFailuresByType()).isEqualTo(Map.of("timeout", 1L));
    assertThat(QuantileSketch.of(window.getLatency()).count()).isEqualTo(3);
  }

  private static List<MetricEvent> events(int n, Random random) {
    String[] errors = {"timeout", "server_error", null};
    List<MetricEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean success = random.nextInt(10) > 0;
      events.add(call(Math.round(Math.exp(5 + random.nextGaussian())), random.nextInt(20) == 0 ? null : random.nextDouble() / 10)
          .setSuccess(success)
          .setErrorType(success ? null : errors[random.nextInt(errors.length)])
          .setConcluding(success || random.nextBoolean())
          .setCacheHit(random.nextInt(8) == 0)
          .setCostEstimated(random.nextInt(30) == 0)
          .build());
    }
    return events;
  }

  private static MetricEvent.Builder call(long latencyMs, Double costUsd) {
    return MetricEvent.newBuilder()
        .setRequestId("r")
        .setModel("gpt-5")
        .setProvider("openai")
        .setLatencyMs(latencyMs)
        .setInputTokens(latencyMs / 3)
        .setOutputTokens(latencyMs / 2)
        .setCostUsd(costUsd)
        .setSuccess(true)
        .setTimestampMs(0);
  }
}
