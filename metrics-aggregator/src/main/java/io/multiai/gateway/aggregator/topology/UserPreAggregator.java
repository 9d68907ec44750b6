package io.multiai.gateway.aggregator.topology;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.multiai.gateway.aggregator.flush.CommitFlush;
import io.multiai.gateway.aggregator.users.UserDays;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.UserDailyMetrics;

/**
 * Sums the events of identified users per user and UTC day, in memory, and at every commit forwards
 * one partial day per user and day touched, keyed by the user id's hash ({@link CommitFlush}): the
 * per-user aggregation downstream merges these instead of handling every event.
 */
final class UserPreAggregator implements Processor<String, MetricEvent, String, UserDailyMetrics> {

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private CommitFlush.Forwarder<String, UserDailyMetrics> out;

  private static final class Pending {
    UserDailyMetrics day;
    long timestampMs;
  }

  @Override
  public void init(ProcessorContext<String, UserDailyMetrics> context) {
    this.out = CommitFlush.register(context, MetricsTopology.PENDING_USERS, this::flush, pending::clear);
    pending.clear();
  }

  @Override
  public void process(Record<String, MetricEvent> record) {
    MetricEvent event = record.value();
    if (event.getUserIdHash() == null) {
      return;
    }
    out.sawInput();
    Pending day = pending.computeIfAbsent(UserDays.key(event.getUserIdHash(), UserDays.dayStart(event.getTimestampMs())),
        key -> new Pending());
    day.day = UserDays.add(day.day, event);
    day.timestampMs = Math.max(day.timestampMs, record.timestamp());
  }

  private void flush() {
    for (Pending day : pending.values()) {
      out.forward(new Record<>(day.day.getUserIdHash(), day.day, day.timestampMs));
    }
    pending.clear();
  }
}
