package io.multiai.gateway.aggregator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the aggregator runs its Kafka Streams application.
 *
 * @param applicationId the Streams application id: names the consumer group, the internal topics and
 *     the state directory, so two deployments that must not share state need different ones
 * @param grace how long after a one-minute window ends a late event still counts in it
 * @param stateDir where the local state stores live; blank picks one under java.io.tmpdir (see
 *     {@link io.multiai.gateway.aggregator.streams.StateDirectory})
 * @param processingGuarantee exactly_once_v2 by default: at-least-once would count a replayed event
 *     twice after a crash, and the analytics total cost must equal the sum of the replies' costs
 * @param commitInterval how often results are committed, hence how stale the read model may be
 * @param cacheMaxBytes the record cache that folds several updates of one key into one output record
 *     between commits
 * @param userPartitions partitions of the internal topics that bring a user's events and erasure
 *     requests together; fixed for the life of a deployment (Streams refuses a changed count)
 */
@ConfigurationProperties("gateway.aggregator")
public record AggregatorSettings(
    @DefaultValue("metrics-aggregator") String applicationId,
    @DefaultValue("10s") Duration grace,
    @DefaultValue("") String stateDir,
    @DefaultValue("exactly_once_v2") String processingGuarantee,
    @DefaultValue("1s") Duration commitInterval,
    @DefaultValue("1048576") long cacheMaxBytes,
    @DefaultValue("6") int userPartitions) {

  public static AggregatorSettings defaults() {
    return new AggregatorSettings("metrics-aggregator", Duration.ofSeconds(10), "", "exactly_once_v2",
        Duration.ofSeconds(1), 1024 * 1024, 6);
  }

  public AggregatorSettings withGrace(Duration newGrace) {
    return new AggregatorSettings(applicationId, newGrace, stateDir, processingGuarantee, commitInterval, cacheMaxBytes,
        userPartitions);
  }
}
