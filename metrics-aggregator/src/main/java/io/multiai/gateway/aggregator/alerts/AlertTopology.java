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

import io.multiai.gateway.aggregator.windows.Partials;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * Adds the alert evaluation to the aggregator's topology: each group's {@link Partials} in (their
 * {@link Partials.Kind#BUCKET} parts, summed per rule bucket by the source tasks), alerts out.
 */
public final class AlertTopology {

  static final String BUCKETS_STORE = "alert-buckets";
  static final String STATES_STORE = "alert-states";

  private AlertTopology() {}

  public static void addTo(StreamsBuilder builder, KStream<String, Partials> partials, List<AlertRule> rules,
      Serde<MetricWindow> windowSerde, Topic<Alert> alerts, StoreKind stores) {
    if (rules.isEmpty()) {
      return;
    }
    long longest = rules.stream().mapToLong(rule -> rule.window().toMillis() + rule.bucketMs()).max().orElseThrow();
    long widestBucket = rules.stream().mapToLong(AlertRule::bucketMs).max().orElseThrow();
    builder.addStateStore(Stores.windowStoreBuilder(
        stores.window(BUCKETS_STORE, Duration.ofMillis(longest), Duration.ofMillis(widestBucket)), Serdes.String(), windowSerde)
        // A bucket changes with every partials record: the cache folds its changelog writes to one per commit.
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(STATES_STORE), Serdes.String(), Serdes.String()));
    partials
        .process(() -> new AlertEvaluator(rules), Named.as("evaluate-alert-rules"), BUCKETS_STORE, STATES_STORE)
        .to(alerts.name(), Produced.with(alerts.keySerde(), alerts.valueSerde()).withName("publish-alerts"));
  }

  /**
   * The bucket sizes, in ms, of the rules that watch the all-models group ({@code overall}) or each
   * model group: each event of such a group is summed into one bucket of each size.
   */
  public static long[] bucketSizes(List<AlertRule> rules, boolean overall) {
    return rules.stream().filter(rule -> rule.perModel() != overall).mapToLong(AlertRule::bucketMs).distinct().toArray();
  }

  /** Whether any rule needs a latency percentile, so its buckets must carry the sketch. */
  public static boolean needsSketch(List<AlertRule> rules) {
    return rules.stream().anyMatch(rule -> rule.metric() == AlertMetric.P95_LATENCY_MS);
  }
}
