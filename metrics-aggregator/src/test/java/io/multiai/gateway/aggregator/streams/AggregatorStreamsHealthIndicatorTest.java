package io.multiai.gateway.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class AggregatorStreamsHealthIndicatorTest {

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"RUNNING", "REBALANCING"})
  void isUpWhileStreamsProcessesOrRebalances(State state) {
    Health health = AggregatorStreamsHealthIndicator.of(state);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("state", state.name());
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"CREATED", "PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR", "ERROR"})
  void isDownWhenNoAggregateIsBeingUpdated(State state) {
    assertThat(AggregatorStreamsHealthIndicator.of(state).getStatus()).isEqualTo(Status.DOWN);
  }

  @org.junit.jupiter.api.Test
  void isDownBeforeItStarts() {
    Health health = AggregatorStreamsHealthIndicator.of(null);

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails()).containsEntry("state", "NOT_STARTED");
  }
}
