package io.multiai.gateway.aggregator.alerts;

import static io.multiai.gateway.aggregator.TopologyFixture.call;
import static io.multiai.gateway.aggregator.TopologyFixture.failedCall;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.TopologyFixture;
import io.multiai.gateway.aggregator.topology.MetricsTopology;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;

/** The operator guide's default rules, each driven into breach and back with explicit event times. */
class AlertRulesTest {

  private static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");

  private TopologyFixture topology;

  @BeforeEach
  void start(@TempDir Path stateDir) {
    topology = new TopologyFixture(stateDir, AggregatorSettings.defaults(), AlertSettings.defaultRules(100), MetricsTopology.Hooks.NONE);
  }

  @AfterEach
  void close() {
    topology.close();
  }

  @Test
  void givenRequestsFailingThenSucceedingWhenTheSuccessRateCrosses90PercentThenItFiresOnceAndResolvesOnce() {
    for (int i = 0; i < 20; i++) {
      topology.publish(failedCall("gpt-5", "server_error"), T0.plusSeconds(i));
    }
    List<Alert> whileFailing = topology.alerts.readValuesToList();
    for (int i = 0; i < 300; i++) {
      topology.publish(call("gpt-5", 100, 0.001), T0.plusSeconds(20).plusMillis(100L * i));
    }
    List<Alert> afterRecovery = topology.alerts.readValuesToList();

    assertThat(whileFailing).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("success_rate_low");
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getModel()).isEqualTo("*");
      assertThat(alert.getValue()).isZero();
      assertThat(alert.getThreshold()).isEqualTo(0.90);
      assertThat(alert.getSamples()).as("fires at the minimum sample size").isEqualTo(10);
      assertThat(alert.getSeverity()).isEqualTo("critical");
      assertThat(alert.getAction()).isEqualTo("page_oncall");
      assertThat(alert.getWindowMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
      assertThat(alert.getTimestampMs()).as("at the breach, not at a window's close").isEqualTo(T0.plusSeconds(9).toEpochMilli());
    });
    assertThat(afterRecovery).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("success_rate_low");
      assertThat(alert.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.getValue()).isGreaterThanOrEqualTo(0.90);
    });
  }

  @Test
  void givenARequestThatFellBackAndWasAnsweredThenItIsNoFailureOfTheSuccessRate() {
    for (int i = 0; i < 20; i++) {
      topology.publish(failedCall("gpt-5", "timeout").setConcluding(false), T0.plusSeconds(i));
      topology.publish(call("claude-sonnet-4-5", 100, 0.01), T0.plusSeconds(i).plusMillis(500));
    }

    assertThat(topology.alerts.readValuesToList()).isEmpty();
  }

  @Test
  void givenASlowProviderWhenABurstOfFastCacheHitsFollowsThenTheLatencyAlertStillFires() {
    for (int i = 0; i < 10; i++) {
      topology.publish(call("gpt-5", 6_000, 0.001), T0.plusSeconds(i));
      for (int hit = 0; hit < 20; hit++) {
        topology.publish(call("gpt-5", 2, 0.0).setCacheHit(true), T0.plusSeconds(i).plusMillis(10 + hit));
      }
    }

    assertThat(topology.alerts.readValuesToList()).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("average_latency_high");
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getValue()).as("the calls' own average").isEqualTo(6_000.0);
      assertThat(alert.getSamples()).as("provider calls, not queries").isEqualTo(10);
    });
  }

  @Test
  void givenAFailingProviderWhenCacheHitsAreServedMeanwhileThenTheSuccessRateAlertStillFires() {
    for (int i = 0; i < 10; i++) {
      topology.publish(failedCall("gpt-5", "server_error"), T0.plusSeconds(i));
      for (int hit = 0; hit < 20; hit++) {
        topology.publish(call("gpt-5", 2, 0.0).setCacheHit(true), T0.plusSeconds(i).plusMillis(10 + hit));
      }
    }

    assertThat(topology.alerts.readValuesToList()).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("success_rate_low");
      assertThat(alert.getValue()).as("of the requests that went to a provider").isZero();
      assertThat(alert.getSamples()).isEqualTo(10);
    });
  }

  @Test
  void givenFewerRequestsThanTheMinimumSampleThenTheSuccessRateRuleStaysQuiet() {
    for (int i = 0; i < 9; i++) {
      topology.publish(failedCall("gpt-5", "server_error"), T0.plusSeconds(i));
    }

    assertThat(topology.alerts.readValuesToList()).isEmpty();
  }

  @Test
  void givenSpendingOverTheDailyBudgetThenItFiresOnceAndResolvesOnTheNextUtcDay() {
    topology.publish(call("gpt-5", 100, 40.0), T0);
    topology.publish(call("gpt-5", 100, 40.0), T0.plusSeconds(60));
    assertThat(topology.alerts.readValuesToList()).isEmpty();

    topology.publish(call("gpt-5", 100, 40.0), T0.plusSeconds(120));
    topology.publish(call("gpt-5", 100, 40.0), T0.plusSeconds(180));
    List<Alert> overBudget = topology.alerts.readValuesToList();
    topology.publish(call("gpt-5", 100, 1.0), Instant.parse("2026-03-11T00:00:05Z"));
    topology.publish(call("gpt-5", 100, 1.0), Instant.parse("2026-03-11T00:00:06Z"));
    List<Alert> nextDay = topology.alerts.readValuesToList();

    assertThat(overBudget).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("daily_cost_over_budget");
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getValue()).isEqualTo(120.0);
      assertThat(alert.getThreshold()).isEqualTo(100.0);
      assertThat(alert.getSeverity()).isEqualTo("warning");
      assertThat(alert.getAction()).isEqualTo("notify_admin");
    });
    assertThat(nextDay).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("daily_cost_over_budget");
      assertThat(alert.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.getValue()).isEqualTo(1.0);
    });
  }

  @Test
  void givenUnpricedCallsCountedAtTheFallbackPriceThenTheyMoveTheDailyCostRule() {
    for (int i = 0; i < 3; i++) {
      topology.publish(call("mystery-model", 100, 40.0).setCostEstimated(true), T0.plusSeconds(i));
    }

    assertThat(topology.alerts.readValuesToList()).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("daily_cost_over_budget");
      assertThat(alert.getValue()).isEqualTo(120.0);
    });
  }

  @Test
  void givenSlowCallsThenFastOnesWhenTheFiveMinuteAverageCrosses5000MsThenItFiresOnceAndResolvesOnce() {
    for (int i = 0; i < 15; i++) {
      topology.publish(call("gemini-2.5-pro", 8_000, 0.01), T0.plusSeconds(i));
    }
    List<Alert> slow = topology.alerts.readValuesToList();
    // Five minutes later the slow calls have left the sliding window.
    for (int i = 0; i < 15; i++) {
      topology.publish(call("gemini-2.5-pro", 300, 0.01), T0.plus(Duration.ofMinutes(6)).plusSeconds(i));
    }
    List<Alert> fast = topology.alerts.readValuesToList();

    assertThat(slow).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("average_latency_high");
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getValue()).isEqualTo(8_000.0);
      assertThat(alert.getAction()).isEqualTo("log_alert");
    });
    assertThat(fast).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("average_latency_high");
      assertThat(alert.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.getValue()).isEqualTo(300.0);
    });
  }

  @Test
  void givenAPerModelRuleThenEachModelHasItsOwnAlert(@TempDir Path stateDir) {
    AlertRule perModel = new AlertRule("model_p95_slow", AlertMetric.P95_LATENCY_MS, Duration.ofMinutes(5), false,
        Comparison.GREATER_THAN, 1000, 5, "warning", "log_alert", true);
    try (TopologyFixture own = new TopologyFixture(stateDir, AggregatorSettings.defaults(), List.of(perModel), MetricsTopology.Hooks.NONE)) {
      for (int i = 0; i < 5; i++) {
        own.publish(call("gpt-5", 2_000, 0.0), T0.plusSeconds(i));
        own.publish(call("gpt-5-mini", 100, 0.0), T0.plusSeconds(i));
      }

      assertThat(own.alerts.readValuesToList()).singleElement().satisfies(alert -> {
        assertThat(alert.getModel()).isEqualTo("gpt-5");
        assertThat(alert.getValue()).isBetween(1990.0, 2010.0);
      });
    }
  }
}
