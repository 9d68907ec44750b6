package io.multiai.gateway.aggregator.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.multiai.gateway.aggregator.windows.Groups;
import io.multiai.gateway.aggregator.windows.LateEvents;
import io.multiai.gateway.aggregator.windows.Partials;
import io.multiai.gateway.aggregator.windows.WindowKeys;
import io.multiai.gateway.aggregator.windows.WindowSize;
import io.multiai.gateway.common.windows.WindowSums;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * Merges a group's {@link Partials} into its running total and tumbling windows (the stores the DSL
 * aggregations kept before, same names and formats) and publishes each updated aggregate, keyed as
 * {@link WindowKeys} says.
 *
 * <p>The source task already left out the events too late for a window, by its own stream time. This
 * task's stream time, the latest of all source tasks whose groups it holds, may be ahead of a source's
 * by however far that source's partition lags behind the others (a backlog is worked off partition by
 * partition): the stores keep windows {@link MetricsTopology#SKEW} longer than the grace, so such a
 * part still finds its window. (The DSL aggregations decided lateness here and so dropped every event
 * of a lagging partition as late.) Only a part beyond that is left out and its events counted late,
 * rather than written to a window the store has already dropped.
 */
final class WindowAggregator implements Processor<String, Partials, String, MetricWindow> {

  private final long closeAfterMs;
  private final LateEvents late;
  private final Map<Long, WindowSize> sizes = new HashMap<>();
  private final Map<Long, TimestampedWindowStore<String, MetricWindow>> windows = new HashMap<>();
  private ProcessorContext<String, MetricWindow> context;
  private TimestampedKeyValueStore<String, MetricWindow> totals;

  WindowAggregator(Duration grace, LateEvents late) {
    this.closeAfterMs = grace.plus(MetricsTopology.SKEW).toMillis();
    this.late = late;
    WindowSize.ALL.forEach(size -> sizes.put(size.millis(), size));
  }

  @Override
  public void init(ProcessorContext<String, MetricWindow> context) {
    this.context = context;
    this.totals = context.getStateStore(MetricsTopology.TOTALS_STORE);
    for (WindowSize size : WindowSize.ALL) {
      windows.put(size.millis(), context.getStateStore(size.storeName()));
    }
  }

  @Override
  public void process(Record<String, Partials> record) {
    String group = record.key();
    long closeTime = context.currentStreamTimeMs() - closeAfterMs;
    for (Partials.Part part : record.value().parts()) {
      switch (part.kind()) {
        case TOTAL -> {
          ValueAndTimestamp<MetricWindow> current = totals.get(group);
          MetricWindow sum = merged(group, current, part);
          long at = latest(current, part);
          totals.put(group, ValueAndTimestamp.make(sum, at));
          context.forward(new Record<>(WindowKeys.total(group), bounded(sum, 0, 0, 0), at));
        }
        case WINDOW -> {
          WindowSize size = sizes.get(part.sizeMs());
          long end = part.startMs() + part.sizeMs();
          if (end <= closeTime) {
            late.tooLateFor(size, part.sum().getCount() + part.sum().getCacheHits());
            continue;
          }
          TimestampedWindowStore<String, MetricWindow> store = windows.get(part.sizeMs());
          ValueAndTimestamp<MetricWindow> current = store.fetch(group, part.startMs());
          MetricWindow sum = merged(group, current, part);
          long at = latest(current, part);
          store.put(group, ValueAndTimestamp.make(sum, at), part.startMs());
          context.forward(new Record<>(WindowKeys.window(group, part.sizeMs(), part.startMs()),
              bounded(sum, part.sizeMs(), part.startMs(), end), at));
        }
        case BUCKET -> {
          // The alert evaluator's.
        }
      }
    }
  }

  private static MetricWindow merged(String group, ValueAndTimestamp<MetricWindow> current, Partials.Part part) {
    MetricWindow sum = WindowSums.merge(current == null ? WindowSums.empty() : current.value(), part.sum());
    sum.setModel(Groups.value(group));
    sum.setDimension(Groups.dimension(group));
    return sum;
  }

  private static long latest(ValueAndTimestamp<MetricWindow> current, Partials.Part part) {
    return current == null ? part.timestampMs() : Math.max(current.timestamp(), part.timestampMs());
  }

  private static MetricWindow bounded(MetricWindow sum, long windowSizeMs, long windowStartMs, long windowEndMs) {
    return MetricWindow.newBuilder(sum)
        .setWindowSizeMs(windowSizeMs)
        .setWindowStartMs(windowStartMs)
        .setWindowEndMs(windowEndMs)
        .build();
  }
}
