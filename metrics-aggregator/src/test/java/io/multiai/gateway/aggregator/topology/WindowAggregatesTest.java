package io.multiai.gateway.aggregator.topology;

import static io.multiai.gateway.aggregator.TopologyFixture.call;
import static io.multiai.gateway.aggregator.TopologyFixture.failedCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.TopologyFixture;
import io.multiai.gateway.aggregator.windows.WindowSize;
import io.multiai.gateway.common.windows.QuantileSketch;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.MetricWindow;

class WindowAggregatesTest {

  private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY_MS = 86_400_000;

  private final List<WindowSize> late = new ArrayList<>();
  private TopologyFixture topology;

  @BeforeEach
  void start(@TempDir Path stateDir) {
    topology = new TopologyFixture(stateDir, AggregatorSettings.defaults().withGrace(Duration.ofSeconds(10)), List.of(),
        new MetricsTopology.Hooks(late::add, event -> {}));
  }

  @AfterEach
  void close() {
    topology.close();
  }

  @Test
  void givenCallsAcrossHoursWhenAggregatedThenEachWindowSizeHasItsUtcAlignedWindows() {
    Instant at = DAY.plus(Duration.ofHours(13)).plusSeconds(125);
    topology.publish(call("gpt-5", 100, 0.5), at);
    topology.publish(call("gpt-5", 300, 0.25), at.plus(Duration.ofHours(1)));

    Map<String, MetricWindow> latest = topology.windows.readKeyValuesToMap();

    long t = at.toEpochMilli();
    MetricWindow minute = latest.get("gpt-5|60000|" + (t - t % MINUTE));
    assertThat(minute.getWindowEndMs() - minute.getWindowStartMs()).isEqualTo(MINUTE);
    assertThat(minute.getCount()).isEqualTo(1);
    MetricWindow hour = latest.get("gpt-5|3600000|" + (t - t % HOUR));
    assertThat(hour.getWindowStartMs()).isEqualTo(DAY.plus(Duration.ofHours(13)).toEpochMilli());
    assertThat(hour.getWindowSizeMs()).isEqualTo(HOUR);
    assertThat(hour.getCount()).isEqualTo(1);
    assertThat(latest.get("gpt-5|3600000|" + (t - t % HOUR + HOUR)).getCount()).isEqualTo(1);
    MetricWindow day = latest.get("gpt-5|86400000|" + DAY.toEpochMilli());
    assertThat(day.getWindowEndMs()).isEqualTo(DAY.toEpochMilli() + DAY_MS);
    assertThat(day.getCount()).isEqualTo(2);
    assertThat(day.getCostUsd()).isCloseTo(0.75, within(1e-12));
    assertThat(latest.get("*|86400000|" + DAY.toEpochMilli()).getCount()).isEqualTo(2);
  }

  @Test
  void givenARequestThatFellBackWhenAggregatedThenItIsOneQueryOfTwoCallsAndCostsWhatBothCost() {
    topology.publish(failedCall("gpt-5", "server_error").setConcluding(false), DAY);
    topology.publish(call("claude-sonnet-4-5", 900, 0.03), DAY.plusMillis(900));

    MetricWindow all = topology.windows.readKeyValuesToMap().get("*|0|0");

    assertThat(all.getCount()).as("calls").isEqualTo(2);
    assertThat(all.getSuccesses()).isEqualTo(1);
    assertThat(all.getQueries()).isEqualTo(1);
    assertThat(all.getQuerySuccesses()).isEqualTo(1);
    assertThat(all.getCostUsd()).isCloseTo(0.03, within(1e-12));
    assertThat(all.getFailuresByType()).containsEntry("server_error", 1L);
  }

  @Test
  void givenFailuresOfSeveralTypesWhenAggregatedThenEachTypeIsCounted() {
    topology.publish(failedCall("gpt-5", "timeout"), DAY);
    topology.publish(failedCall("gpt-5", "timeout"), DAY.plusSeconds(1));
    topology.publish(failedCall("gpt-5", "rate_limited"), DAY.plusSeconds(2));

    MetricWindow minute = topology.windows.readKeyValuesToMap().get("gpt-5|60000|" + DAY.toEpochMilli());

    assertThat(minute.getFailuresByType()).containsOnly(Map.entry("timeout", 2L), Map.entry("rate_limited", 1L));
    assertThat(minute.getQueries() - minute.getQuerySuccesses()).isEqualTo(3);
  }

  @Test
  void givenOneMissAndFourHitsWhenAggregatedThenOneCallAndFiveQueriesWithTheCallsOwnLatencyAndCost() {
    topology.publish(call("gpt-5", 400, 0.01), DAY);
    for (int i = 1; i <= 4; i++) {
      topology.publish(call("gpt-5", 2, 0.0).setCacheHit(true), DAY.plusSeconds(i));
    }

    Map<String, MetricWindow> latest = topology.windows.readKeyValuesToMap();
    for (String key : List.of("*|0|0", "gpt-5|0|0", "gpt-5|60000|" + DAY.toEpochMilli())) {
      MetricWindow w = latest.get(key);
      assertThat(w.getCount()).as("provider calls in " + key).isEqualTo(1);
      assertThat(w.getQueries()).as("queries in " + key).isEqualTo(5);
      assertThat(w.getQuerySuccesses()).isEqualTo(5);
      assertThat(w.getCacheHits()).isEqualTo(4);
      assertThat(w.getLatencySumMs()).as("latency of calls only").isEqualTo(400);
      assertThat(QuantileSketch.of(w.getLatency()).quantile(0.5)).isCloseTo(400, withinPercentage(1));
      assertThat(w.getCostUsd()).isCloseTo(0.01, within(1e-12));
    }
  }

  @Test
  void givenCallsPricedAtTheFallbackPriceThenTheirCostCountsAndIsMarkedEstimatedWhileUnknownCostsStayOut() {
    topology.publish(call("gpt-5", 100, 0.01), DAY);
    topology.publish(call("mystery-model", 100, 1.05).setCostEstimated(true), DAY.plusSeconds(1));
    topology.publish(call("other-model", 100, 0.0).setCostUsd(null), DAY.plusSeconds(2));

    MetricWindow all = topology.windows.readKeyValuesToMap().get("*|0|0");

    assertThat(all.getCostUsd()).isCloseTo(1.06, within(1e-12));
    assertThat(all.getEstimatedCostCount()).isEqualTo(1);
    assertThat(all.getUnknownCostCount()).isEqualTo(1);
  }

  @Test
  void givenCallsOfSeveralComplexitiesAndPrioritiesThenEachHasItsOwnAggregates() {
    topology.publish(call("gpt-5", 100, 0.1).setComplexity(Complexity.HIGH).setCostPriority(CostPriority.QUALITY), DAY);
    topology.publish(call("gpt-5-mini", 100, 0.01).setComplexity(Complexity.LOW).setCostPriority(CostPriority.CHEAP), DAY);
    topology.publish(call("gpt-5-mini", 100, 0.01).setComplexity(Complexity.LOW).setCostPriority(CostPriority.QUALITY), DAY);

    Map<String, MetricWindow> latest = topology.windows.readKeyValuesToMap();

    MetricWindow low = latest.get("complexity:low|0|0");
    assertThat(low.getDimension()).isEqualTo("complexity");
    assertThat(low.getModel()).isEqualTo("low");
    assertThat(low.getQueries()).isEqualTo(2);
    MetricWindow quality = latest.get("costPriority:quality|3600000|" + DAY.toEpochMilli());
    assertThat(quality.getDimension()).isEqualTo("costPriority");
    assertThat(quality.getQueries()).isEqualTo(2);
    assertThat(quality.getCostUsd()).isCloseTo(0.11, within(1e-12));
    assertThat(latest.get("gpt-5|0|0").getDimension()).isEqualTo("model");
  }

  @Test
  void givenThousandsOfLatenciesWhenAWindowsSketchIsAskedForP95ThenItIsWithinOnePercentOfTheExactValue() {
    Random random = new Random(11);
    long[] latencies = new long[2_000];
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = 50 + Math.round(Math.exp(5.5 + 0.8 * random.nextGaussian()));
      topology.publish(call("gpt-5", latencies[i], 0.0), DAY.plusMillis(i));
    }
    Arrays.sort(latencies);
    long exactP95 = latencies[(int) Math.ceil(0.95 * latencies.length) - 1];

    MetricWindow minute = topology.windows.readKeyValuesToMap().get("gpt-5|60000|" + DAY.toEpochMilli());

    assertThat(QuantileSketch.of(minute.getLatency()).count()).isEqualTo(latencies.length);
    assertThat(QuantileSketch.of(minute.getLatency()).quantile(0.95)).isCloseTo(exactP95, withinPercentage(1));
  }

  @Test
  void givenACallLateButWithinTheGraceThenItCountsInItsWindowAndIsNotLate() {
    topology.publish(call("gpt-5", 100, 0.1), DAY.plusSeconds(50));
    topology.publish(call("gpt-5", 100, 0.1), DAY.plusSeconds(65));
    topology.publish(call("gpt-5", 100, 0.1), DAY.plusSeconds(30));

    Map<String, MetricWindow> latest = topology.windows.readKeyValuesToMap();

    assertThat(latest.get("gpt-5|60000|" + DAY.toEpochMilli()).getCount()).isEqualTo(2);
    assertThat(late).isEmpty();
  }

  @Test
  void givenACallLaterThanTheGraceThenItsMinuteWindowLeavesItOutTheLateMetricCountsItAndTheTotalsKeepIt() {
    topology.publish(call("gpt-5", 100, 0.1), DAY.plusSeconds(5));
    topology.publish(call("gpt-5", 100, 0.1), DAY.plusSeconds(60 + 11));
    topology.windows.readKeyValuesToMap();

    topology.publish(call("gpt-5", 100, 0.1), DAY.plusSeconds(30));

    Map<String, MetricWindow> updates = topology.windows.readKeyValuesToMap();
    assertThat(updates).doesNotContainKey("gpt-5|60000|" + DAY.toEpochMilli());
    assertThat(updates.get("gpt-5|3600000|" + DAY.toEpochMilli()).getCount()).as("the hour is still open").isEqualTo(3);
    assertThat(updates.get("gpt-5|0|0").getCount()).isEqualTo(3);
    assertThat(late).containsExactly(WindowSize.MINUTE);
  }
}
