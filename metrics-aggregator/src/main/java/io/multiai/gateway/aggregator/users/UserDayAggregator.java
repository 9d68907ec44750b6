package io.multiai.gateway.aggregator.users;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.multiai.gateway.schemas.UserDailyMetrics;

/**
 * Merges what a source task summed of a user's day between two commits (keyed by the user id's hash;
 * see {@code UserPreAggregator} in the topology) into that user's day and publishes the day.
 */
final class UserDayAggregator implements Processor<String, UserDailyMetrics, String, UserDailyMetrics> {

  private ProcessorContext<String, UserDailyMetrics> context;
  private KeyValueStore<String, UserDailyMetrics> days;

  @Override
  public void init(ProcessorContext<String, UserDailyMetrics> context) {
    this.context = context;
    this.days = context.getStateStore(UserTopology.STORE);
  }

  @Override
  public void process(Record<String, UserDailyMetrics> record) {
    UserDailyMetrics partial = record.value();
    String key = UserDays.key(record.key(), partial.getDayStartMs());
    UserDailyMetrics updated = UserDays.merge(days.get(key), partial);
    days.put(key, updated);
    context.forward(new Record<>(key, updated, record.timestamp()));
  }
}
