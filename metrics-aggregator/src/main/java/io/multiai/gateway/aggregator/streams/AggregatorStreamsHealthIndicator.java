package io.multiai.gateway.aggregator.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the Streams application processes or rebalances; DOWN when it has not started, is
 * stopping, or stopped on an error, since no aggregate is then updated.
 */
public class AggregatorStreamsHealthIndicator implements HealthIndicator {

  private final AggregatorStreams streams;

  public AggregatorStreamsHealthIndicator(AggregatorStreams streams) {
    this.streams = streams;
  }

  @Override
  public Health health() {
    return of(streams.state());
  }

  static Health of(KafkaStreams.State state) {
    if (state == null) {
      return Health.down().withDetail("state", "NOT_STARTED").build();
    }
    Health.Builder health = switch (state) {
      case RUNNING, REBALANCING -> Health.up();
      default -> Health.down();
    };
    return health.withDetail("state", state.name()).build();
  }
}
