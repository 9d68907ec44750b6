package io.multiai.gateway.aggregator.topology;

import java.time.Duration;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.multiai.gateway.aggregator.windows.LateEvents;
import io.multiai.gateway.aggregator.windows.WindowKeys;
import io.multiai.gateway.aggregator.windows.WindowSize;
import io.multiai.gateway.schemas.MetricEvent;

/**
 * Spots the events the windowed aggregations will drop. It sees the same task stream time as they do
 * and applies their rule (a window closes when stream time passes its end plus the grace); it looks
 * only at the all-models group, so each event is counted once per window size.
 */
final class LateEventCounter implements Processor<String, MetricEvent, Void, Void> {

  private final Duration grace;
  private final LateEvents late;
  private ProcessorContext<Void, Void> context;

  LateEventCounter(Duration grace, LateEvents late) {
    this.grace = grace;
    this.late = late;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, MetricEvent> record) {
    if (!WindowKeys.ALL_MODELS.equals(record.key())) {
      return;
    }
    long closeTime = context.currentStreamTimeMs() - grace.toMillis();
    for (WindowSize size : WindowSize.ALL) {
      long windowEnd = size.startOf(record.timestamp()) + size.millis();
      if (windowEnd <= closeTime) {
        late.tooLateFor(size);
      }
    }
  }
}
