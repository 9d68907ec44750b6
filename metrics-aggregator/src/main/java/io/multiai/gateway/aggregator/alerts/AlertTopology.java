package io.multiai.gateway.aggregator.alerts;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/** Adds the alert evaluation to the aggregator's topology: events keyed by group in, alerts out. */
public final class AlertTopology {

  static final String BUCKETS_STORE = "alert-buckets";
  static final String STATES_STORE = "alert-states";

  private AlertTopology() {}

  public static void addTo(StreamsBuilder builder, KStream<String, MetricEvent> byGroup, List<AlertRule> rules,
      Serde<MetricWindow> windowSerde, Topic<Alert> alerts, StoreKind stores) {
    if (rules.isEmpty()) {
      return;
    }
    long longest = rules.stream().mapToLong(rule -> rule.window().toMillis() + rule.bucketMs()).max().orElseThrow();
    long widestBucket = rules.stream().mapToLong(AlertRule::bucketMs).max().orElseThrow();
    builder.addStateStore(Stores.windowStoreBuilder(
        stores.window(BUCKETS_STORE, Duration.ofMillis(longest), Duration.ofMillis(widestBucket)), Serdes.String(), windowSerde)
        // A bucket changes on every event: the cache folds its changelog writes to one per commit.
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(STATES_STORE), Serdes.String(), Serdes.String()));
    byGroup
        .process(() -> new AlertEvaluator(rules), Named.as("evaluate-alert-rules"), BUCKETS_STORE, STATES_STORE)
        .to(alerts.name(), Produced.with(alerts.keySerde(), alerts.valueSerde()).withName("publish-alerts"));
  }
}
