package io.multiai.gateway.aggregator.users;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.UserDailyMetrics;

/** Folds a user's metric event (keyed by the user id's hash) into that user's day and publishes the day. */
final class UserDayAggregator implements Processor<String, MetricEvent, String, UserDailyMetrics> {

  private ProcessorContext<String, UserDailyMetrics> context;
  private KeyValueStore<String, UserDailyMetrics> days;

  @Override
  public void init(ProcessorContext<String, UserDailyMetrics> context) {
    this.context = context;
    this.days = context.getStateStore(UserTopology.STORE);
  }

  @Override
  public void process(Record<String, MetricEvent> record) {
    MetricEvent event = record.value();
    String key = UserDays.key(record.key(), UserDays.dayStart(event.getTimestampMs()));
    UserDailyMetrics updated = UserDays.add(days.get(key), event);
    days.put(key, updated);
    context.forward(new Record<>(key, updated, record.timestamp()));
  }
}
