package io.multiai.gateway.aggregator.users;

import static io.multiai.gateway.aggregator.TopologyFixture.call;
import static io.multiai.gateway.aggregator.TopologyFixture.failedCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.TopologyFixture;
import io.multiai.gateway.aggregator.topology.MetricsTopology;
import io.multiai.gateway.schemas.ErasureRequest;
import io.multiai.gateway.schemas.UserDailyMetrics;

class UserDataTopologyTest {

  private static final String ALICE = "a".repeat(64);
  private static final String BOB = "b".repeat(64);
  private static final Instant MONDAY = Instant.parse("2026-03-09T10:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-03-10T23:59:00Z");

  private TopologyFixture topology;

  @BeforeEach
  void start(@TempDir Path stateDir) {
    topology = new TopologyFixture(stateDir, AggregatorSettings.defaults(), List.of(), MetricsTopology.Hooks.NONE);
  }

  @AfterEach
  void close() {
    topology.close();
  }

  @Test
  void givenAUsersCallsOnTwoDaysThenEachUtcDayHasItsAggregateKeyedByTheHash() {
    topology.publish(call("gpt-5", 100, 0.5).setUserIdHash(ALICE).setInputTokens(3).setOutputTokens(4), MONDAY);
    topology.publish(failedCall("gpt-5", "timeout").setUserIdHash(ALICE).setConcluding(false), TUESDAY);
    topology.publish(call("claude-haiku-4-5", 50, 0.25).setUserIdHash(ALICE), TUESDAY.plusSeconds(1));
    topology.publish(call("gpt-5", 100, 9.0), TUESDAY);

    Map<String, UserDailyMetrics> days = topology.users.readKeyValuesToMap();

    assertThat(days).containsOnlyKeys(ALICE + "|" + day(MONDAY), ALICE + "|" + day(TUESDAY));
    UserDailyMetrics tuesday = days.get(ALICE + "|" + day(TUESDAY));
    assertThat(tuesday.getUserIdHash()).isEqualTo(ALICE);
    assertThat(tuesday.getDayStartMs()).isEqualTo(day(TUESDAY));
    assertThat(tuesday.getQueries()).isEqualTo(1);
    assertThat(tuesday.getQuerySuccesses()).isEqualTo(1);
    assertThat(tuesday.getCalls()).isEqualTo(2);
    assertThat(tuesday.getCostUsd()).isCloseTo(0.25, within(1e-12));
    assertThat(tuesday.getCallsByModel()).containsOnly(Map.entry("gpt-5", 1L), Map.entry("claude-haiku-4-5", 1L));
    assertThat(days.get(ALICE + "|" + day(MONDAY)).getInputTokens()).isEqualTo(3);
  }

  @Test
  void givenAUsersCacheHitsThenTheyAreQueriesAnsweredButNoCalls() {
    topology.publish(call("gpt-5", 400, 0.5).setUserIdHash(ALICE), MONDAY);
    topology.publish(call("gpt-5", 2, 0.0).setUserIdHash(ALICE).setCacheHit(true), MONDAY.plusSeconds(1));
    topology.publish(call("gpt-5", 2, 0.0).setUserIdHash(ALICE).setCacheHit(true), MONDAY.plusSeconds(2));

    UserDailyMetrics monday = topology.users.readKeyValuesToMap().get(ALICE + "|" + day(MONDAY));

    assertThat(monday.getQueries()).isEqualTo(3);
    assertThat(monday.getQuerySuccesses()).isEqualTo(3);
    assertThat(monday.getCacheHits()).isEqualTo(2);
    assertThat(monday.getCalls()).isEqualTo(1);
    assertThat(monday.getLatencySumMs()).isEqualTo(400);
    assertThat(monday.getCallsByModel()).containsOnly(Map.entry("gpt-5", 1L));
  }

  @Test
  void givenAnErasureThenEveryDayOfThatUserGetsATombstoneAndLaterCallsStartFromZero() {
    topology.publish(call("gpt-5", 100, 0.5).setUserIdHash(ALICE), MONDAY);
    topology.publish(call("gpt-5", 100, 0.5).setUserIdHash(ALICE), TUESDAY);
    topology.publish(call("gpt-5", 100, 0.5).setUserIdHash(BOB), TUESDAY);
    topology.users.readKeyValuesToMap();

    topology.erasures.pipeInput(new TestRecord<>(ALICE, new ErasureRequest(ALICE, "erase-1", TUESDAY.toEpochMilli()), TUESDAY));
    List<KeyValue<String, UserDailyMetrics>> erased = topology.users.readKeyValuesToList();
    topology.publish(call("gpt-5", 100, 0.5).setUserIdHash(ALICE), TUESDAY.plusSeconds(10));
    Map<String, UserDailyMetrics> after = topology.users.readKeyValuesToMap();

    assertThat(erased).extracting(kv -> kv.key).containsExactlyInAnyOrder(ALICE + "|" + day(MONDAY), ALICE + "|" + day(TUESDAY));
    assertThat(erased).allSatisfy(kv -> assertThat(kv.value).as("a tombstone").isNull());
    assertThat(after.get(ALICE + "|" + day(TUESDAY)).getCalls()).as("the erased calls are gone from the store").isEqualTo(1);
  }

  @Test
  void givenAnErasureOfOneUserThenOtherUsersKeepTheirData() {
    topology.publish(call("gpt-5", 100, 0.5).setUserIdHash(BOB), MONDAY);
    topology.users.readKeyValuesToMap();

    topology.erasures.pipeInput(new TestRecord<>(ALICE, new ErasureRequest(ALICE, "erase-2", MONDAY.toEpochMilli()), MONDAY));
    topology.publish(call("gpt-5", 100, 0.5).setUserIdHash(BOB), MONDAY.plusSeconds(1));

    assertThat(topology.users.readKeyValuesToMap()).containsOnlyKeys(BOB + "|" + day(MONDAY))
        .allSatisfy((key, value) -> assertThat(value.getCalls()).isEqualTo(2));
  }

  private static long day(Instant at) {
    return at.toEpochMilli() - at.toEpochMilli() % 86_400_000L;
  }
}
