package io.multiai.gateway.aggregator.windows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * {@code ai.metrics} to {@code ai.metrics.windows}: per model and over all models ({@value
 * WindowKeys#ALL_MODELS}), a running total since the first event and one-minute tumbling windows on
 * event time (the record timestamp). Every update is published, not only closed windows, so a read
 * model follows the counts as they grow; see {@link WindowKeys} for the keys.
 *
 * <p>Records that are not MetricEvents go to {@code ai.metrics.dlq}. Events later than the grace period are dropped from their window but still count in the running
 * total, which has no notion of lateness.
 */
public final class MetricsTopology {

  public static final Duration ONE_MINUTE = Duration.ofMinutes(1);

  // Named stores and repartition topic: Streams would otherwise number them by position, and a
  // changed topology would then silently start from empty state under a new changelog name.
  static final String BY_MODEL = "metrics-by-model";
  static final String TOTALS_STORE = "metric-totals";
  static final String ONE_MINUTE_STORE = "metric-windows-1m";

  private final Topics topics;
  private final AggregatorSettings settings;

  public MetricsTopology(Topics topics, AggregatorSettings settings) {
    this.topics = topics;
    this.settings = settings;
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

    KGroupedStream<String, MetricEvent> byModel = decoded.get("decoded-events")
        // The model is taken from the event, not the record key: the key only places it on a partition.
        .flatMap((key, value) -> List.of(
                KeyValue.pair(value.event().getModel(), value.event()),
                KeyValue.pair(WindowKeys.ALL_MODELS, value.event())),
            Named.as("per-model-and-overall"))
        .groupByKey(Grouped.with(BY_MODEL, keys, metrics.valueSerde()));

    byModel
        .aggregate(MetricAccumulation::empty, MetricAccumulation::add, Named.as("running-totals"),
            Materialized.<String, MetricWindow, KeyValueStore<Bytes, byte[]>>as(TOTALS_STORE)
                .withKeySerde(keys).withValueSerde(windows.valueSerde()))
        .toStream(Named.as("running-total-updates"))
        .map((model, sum) -> KeyValue.pair(WindowKeys.total(model), MetricAccumulation.bounded(sum, 0, 0, 0)),
            Named.as("key-running-totals"))
        .to(windows.name(), Produced.with(keys, windows.valueSerde()).withName("publish-running-totals"));

    long size = ONE_MINUTE.toMillis();
    byModel
        .windowedBy(TimeWindows.ofSizeAndGrace(ONE_MINUTE, settings.grace()))
        .aggregate(MetricAccumulation::empty, MetricAccumulation::add, Named.as("one-minute-windows"),
            Materialized.<String, MetricWindow, WindowStore<Bytes, byte[]>>as(ONE_MINUTE_STORE)
                .withKeySerde(keys).withValueSerde(windows.valueSerde())
                // Only the output topic is read, so state need outlive a window only by its grace.
                .withRetention(ONE_MINUTE.plus(settings.grace())))
        .toStream(Named.as("one-minute-window-updates"))
        .map((window, sum) -> KeyValue.pair(
                WindowKeys.window(window.key(), size, window.window().start()),
                MetricAccumulation.bounded(sum, size, window.window().start(), window.window().end())),
            Named.as("key-one-minute-windows"))
        .to(windows.name(), Produced.with(keys, windows.valueSerde()).withName("publish-one-minute-windows"));

    return builder.build();
  }
}
