package io.multiai.gateway.aggregator.users;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.multiai.gateway.aggregator.flush.CommitFlush;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.ErasureRequest;
import io.multiai.gateway.schemas.UserDailyMetrics;

/**
 * Per-user daily aggregates keyed by the user id's hash, and their erasure. The partial days the source
 * tasks summed (one per user and day per commit) and the erasure requests are both repartitioned by the
 * hash into the same number of partitions, so a user's days and erasures meet in one task and one store
 * whatever partition counts the source topics have.
 */
public final class UserTopology {

  static final String STORE = "user-days";
  /** Named: an upgrade that renames it must reset the application (README, Measuring). */
  static final String PARTIALS = "user-day-partials";
  static final String PENDING = "user-days-pending";

  private UserTopology() {}

  /** @param partials partial days keyed by the user id's hash */
  public static void addTo(StreamsBuilder builder, KStream<String, UserDailyMetrics> partials, Topics topics, int partitions,
      StoreKind stores) {
    Topic<UserDailyMetrics> out = topics.userMetrics();
    Topic<ErasureRequest> erasures = topics.userErasures();
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(STORE), Serdes.String(), out.valueSerde()));

    builder.addStateStore(CommitFlush.store(PENDING));
    KStream<String, SpecificRecord> days = partials
        .repartition(Repartitioned.<String, UserDailyMetrics>as(PARTIALS)
            .withKeySerde(Serdes.String()).withValueSerde(out.valueSerde()).withNumberOfPartitions(partitions))
        .mapValues(day -> (SpecificRecord) day, Named.as("user-day-parts"));
    KStream<String, SpecificRecord> erasing = builder
        .stream(erasures.name(), Consumed.with(erasures.keySerde(), erasures.valueSerde()).withName("user-erasures"))
        .filter((hash, request) -> hash != null && request != null, Named.as("valid-erasures"))
        .repartition(Repartitioned.<String, ErasureRequest>as("user-erasure")
            .withKeySerde(Serdes.String()).withValueSerde(erasures.valueSerde()).withNumberOfPartitions(partitions))
        .mapValues(request -> (SpecificRecord) request, Named.as("user-erasure-requests"));
    days.merge(erasing, Named.as("user-days-and-erasures"))
        .process(UserDayAggregator::new, Named.as("aggregate-user-days"), STORE, PENDING)
        .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("publish-user-days"));
  }
}
