package io.multiai.gateway.aggregator.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.alerts.AlertRule;
import io.multiai.gateway.aggregator.alerts.AlertSettings;
import io.multiai.gateway.aggregator.alerts.AlertTopology;
import io.multiai.gateway.aggregator.batch.BatchTopology;
import io.multiai.gateway.aggregator.users.UserTopology;
import io.multiai.gateway.aggregator.windows.Groups;
import io.multiai.gateway.aggregator.windows.LateEvents;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.aggregator.windows.WindowKeys;
import io.multiai.gateway.aggregator.windows.WindowSize;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.common.windows.WindowSums;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

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
 * <p>The same events keyed by group feed the alert rules ({@link AlertTopology}); the events of
 * identified users feed their daily aggregates ({@link UserTopology}). Records that are not
 * MetricEvents go to {@code ai.metrics.dlq}.
 */
public final class MetricsTopology {

  /** What the topology tells its host about (metrics), beyond the records it writes. */
  public record Hooks(LateEvents late, Consumer<MetricEvent> calls) {
    public static final Hooks NONE = new Hooks(LateEvents.IGNORE, event -> {});
  }

  // Named stores and repartition topic: Streams would otherwise number them by position, and a
  // changed topology would then silently start from empty state under a new changelog name.
  static final String BY_GROUP = "metrics-by-model";
  static final String TOTALS_STORE = "metric-totals";

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

    KStream<String, MetricEvent> byGroup = events
        // The model is taken from the event, not the record key: the key only places it on a partition.
        .flatMap((key, event) -> {
          List<KeyValue<String, MetricEvent>> out = new ArrayList<>(4);
          Groups.of(event).forEach(group -> out.add(KeyValue.pair(group, event)));
          return out;
        }, Named.as("per-group"))
        .repartition(Repartitioned.<String, MetricEvent>as(BY_GROUP).withKeySerde(keys).withValueSerde(metrics.valueSerde()));

    byGroup.process(() -> new LateEventCounter(settings.grace(), hooks.late()), Named.as("count-late-events"));
    KGroupedStream<String, MetricEvent> grouped = byGroup.groupByKey(Grouped.with(keys, metrics.valueSerde()));

    grouped
        .aggregate(WindowSums::empty, MetricsTopology::add, Named.as("running-totals"),
            Materialized.<String, MetricWindow>as(stores.timestampedKeyValue(TOTALS_STORE))
                .withKeySerde(keys).withValueSerde(windows.valueSerde()))
        .toStream(Named.as("running-total-updates"))
        .map((group, sum) -> KeyValue.pair(WindowKeys.total(group), bounded(sum, 0, 0, 0)), Named.as("key-running-totals"))
        .to(windows.name(), Produced.with(keys, windows.valueSerde()).withName("publish-running-totals"));

    for (WindowSize size : WindowSize.ALL) {
      addWindows(grouped, size, windows);
    }

    AlertTopology.addTo(builder, byGroup, rules, windows.valueSerde(), topics.alerts(), stores);
    UserTopology.addTo(builder, events, topics, settings.userPartitions(), stores);
    BatchTopology.addTo(builder, topics, stores);
    return builder.build();
  }

  private void addWindows(KGroupedStream<String, MetricEvent> grouped, WindowSize size, Topic<MetricWindow> windows) {
    Serde<String> keys = Serdes.String();
    Duration grace = settings.grace();
    long millis = size.millis();
    grouped
        .windowedBy(TimeWindows.ofSizeAndGrace(size.size(), grace))
        .aggregate(WindowSums::empty, MetricsTopology::add, Named.as("windows-" + size.label()),
            // Only the output topic is read, so state need outlive a window only by its grace.
            Materialized.<String, MetricWindow>as(stores.timestampedWindow(size.storeName(), size.size().plus(grace), size.size()))
                .withKeySerde(keys).withValueSerde(windows.valueSerde()))
        .toStream(Named.as("window-updates-" + size.label()))
        .map((window, sum) -> KeyValue.pair(
                WindowKeys.window(window.key(), millis, window.window().start()),
                bounded(sum, millis, window.window().start(), window.window().end())),
            Named.as("key-windows-" + size.label()))
        .to(windows.name(), Produced.with(keys, windows.valueSerde()).withName("publish-windows-" + size.label()));
  }

  private static MetricWindow add(String group, MetricEvent event, MetricWindow sum) {
    MetricWindow added = WindowSums.add(sum, event);
    return MetricWindow.newBuilder(added).setModel(Groups.value(group)).setDimension(Groups.dimension(group)).build();
  }

  private static MetricWindow bounded(MetricWindow sum, long windowSizeMs, long windowStartMs, long windowEndMs) {
    return MetricWindow.newBuilder(sum)
        .setWindowSizeMs(windowSizeMs)
        .setWindowStartMs(windowStartMs)
        .setWindowEndMs(windowEndMs)
        .build();
  }
}
