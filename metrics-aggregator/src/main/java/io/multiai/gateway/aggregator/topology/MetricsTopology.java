package io.multiai.gateway.aggregator.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.alerts.AlertRule;
import io.multiai.gateway.aggregator.alerts.AlertSettings;
import io.multiai.gateway.aggregator.alerts.AlertTopology;
import io.multiai.gateway.aggregator.batch.BatchTopology;
import io.multiai.gateway.aggregator.flush.CommitFlush;
import io.multiai.gateway.aggregator.users.UserTopology;
import io.multiai.gateway.aggregator.windows.Groups;
import io.multiai.gateway.aggregator.windows.LateEvents;
import io.multiai.gateway.aggregator.windows.Partials;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.aggregator.windows.WindowKeys;
import io.multiai.gateway.aggregator.windows.WindowSize;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;
import io.multiai.gateway.schemas.UserDailyMetrics;

/**
 * {@code ai.metrics} to {@code ai.metrics.windows}, {@code ai.alerts} and {@code ai.users.metrics}.
 *
 * <p>Each event is aggregated in four groups ({@link Groups}: its model, all models, its complexity,
 * its cost priority), each as a running total since the first event and in tumbling windows of one
 * minute, one hour and one UTC day on event time (the record timestamp). Every update is published,
 * not only closed windows, so read models follow the counts as they grow; see {@link WindowKeys}.
 * Events later than the grace period are left out of the windows they missed, counted through {@link
 * LateEvents}, and still counted in the running totals, which have no notion of lateness.
 *
 * <p>How: each event is decoded once, in the source task, and summed in memory per group and window
 * ({@link GroupPreAggregator}) and per user and day ({@link UserPreAggregator}); at every commit these
 * sums go, in the commit's transaction ({@link CommitFlush}), through one repartition each (by group,
 * by user) to the tasks that merge them into the stores and publish the results ({@link
 * WindowAggregator}, the alert rules of {@link AlertTopology}, {@link UserTopology}). Outputs change
 * once per key per commit, as with the DSL's record caches before; what changed is the cost per event
 * (about fifty times less on the bench: no per-event repartition, store access or Avro copy). Records that are
 * not MetricEvents go to {@code ai.metrics.dlq}.
 */
public final class MetricsTopology {

  /** What the topology tells its host about (metrics), beyond the records it writes. */
  public record Hooks(LateEvents late, Consumer<MetricEvent> calls) {
    public static final Hooks NONE = new Hooks(LateEvents.IGNORE, event -> {});
  }

  // Named stores and repartition topics: Streams would otherwise number them by position, and a
  // changed topology would then silently start from empty state under a new changelog name. The
  // aggregate stores keep the names and formats the DSL aggregations gave them.
  static final String PARTIALS = "metric-partials";
  static final String TOTALS_STORE = "metric-totals";
  static final String PENDING_GROUPS = "metric-partials-pending";
  static final String PENDING_USERS = "user-day-partials-pending";
  /** How far behind the other partitions of ai.metrics one may be and still find its windows open. */
  static final Duration SKEW = Duration.ofHours(1);

  private final Topics topics;
  private final AggregatorSettings settings;
  private final List<AlertRule> rules;
  private final Hooks hooks;
  private final StoreKind stores;

  public MetricsTopology(Topics topics, AggregatorSettings settings) {
    this(topics, settings, AlertSettings.defaultRules(100), Hooks.NONE, StoreKind.PERSISTENT);
  }

  public MetricsTopology(Topics topics, AggregatorSettings settings, List<AlertRule> rules, Hooks hooks, StoreKind stores) {
    this.topics = topics;
    this.settings = settings;
    this.rules = List.copyOf(rules);
    this.hooks = hooks;
    this.stores = stores;
  }

  public Topology build() {
    Topic<MetricEvent> metrics = topics.metrics();
    Topic<MetricWindow> windows = topics.metricWindows();
    Serde<String> keys = Serdes.String();

    StreamsBuilder builder = new StreamsBuilder();
    Map<String, KStream<String, MetricEventDecoder.Decoded>> decoded = builder
        .stream(metrics.name(), Consumed.with(keys, Serdes.ByteArray()).withName("metric-events"))
        .filter((key, bytes) -> bytes != null, Named.as("skip-tombstones"))
        .processValues(() -> new MetricEventDecoder(metrics.valueSerde().deserializer()), Named.as("decode"))
        .split(Named.as("decoded-"))
        .branch((key, value) -> value.ok(), Branched.as("events"))
        .defaultBranch(Branched.as("poison"));

    decoded.get("decoded-poison")
        .mapValues(MetricEventDecoder.Decoded::poison, Named.as("raw-poison"))
        .to(metrics.deadLetterTopic(), Produced.with(keys, Serdes.ByteArray()).withName("dead-letter"));

    KStream<String, MetricEvent> events = decoded.get("decoded-events")
        .mapValues(MetricEventDecoder.Decoded::event, Named.as("events"))
        .peek((key, event) -> hooks.calls().accept(event), Named.as("observe-calls"));

    builder.addStateStore(CommitFlush.store(PENDING_GROUPS));
    KStream<String, Partials> partials = events
        // The groups are taken from the event, not the record key: the key only places it on a partition.
        .process(() -> new GroupPreAggregator(settings.grace(), hooks.late(), rules), Named.as("sum-per-group"), PENDING_GROUPS)
        .repartition(Repartitioned.<String, Partials>as(PARTIALS).withKeySerde(keys).withValueSerde(Partials.serde(windows.valueSerde())));

    builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(stores.timestampedKeyValue(TOTALS_STORE), keys, windows.valueSerde()));
    for (WindowSize size : WindowSize.ALL) {
      // Only the output topic is read, so state need outlive a window only by its grace, plus the skew
      // between the source partitions (see WindowAggregator).
      Duration retention = size.size().plus(settings.grace()).plus(SKEW);
      builder.addStateStore(Stores.timestampedWindowStoreBuilder(stores.timestampedWindow(size.storeName(), retention, size.size()),
          keys, windows.valueSerde()));
    }
    String[] aggregates = Stream.concat(Stream.of(TOTALS_STORE), WindowSize.ALL.stream().map(WindowSize::storeName))
        .toArray(String[]::new);
    partials
        .process(() -> new WindowAggregator(settings.grace(), hooks.late()), Named.as("merge-windows"), aggregates)
        .to(windows.name(), Produced.with(keys, windows.valueSerde()).withName("publish-windows"));

    AlertTopology.addTo(builder, partials, rules, windows.valueSerde(), topics.alerts(), stores);

    builder.addStateStore(CommitFlush.store(PENDING_USERS));
    KStream<String, UserDailyMetrics> userDays = events
        .process(UserPreAggregator::new, Named.as("sum-per-user-day"), PENDING_USERS);
    UserTopology.addTo(builder, userDays, topics, settings.userPartitions(), stores);
    BatchTopology.addTo(builder, topics, stores);
    return builder.build();
  }
}
