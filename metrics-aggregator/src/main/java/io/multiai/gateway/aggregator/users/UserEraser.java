package io.multiai.gateway.aggregator.users;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.multiai.gateway.schemas.ErasureRequest;
import io.multiai.gateway.schemas.UserDailyMetrics;

/**
 * Erases every day of one user: deletes each from the store (a tombstone in its changelog) and
 * publishes a tombstone for it on the per-user topic (the read models drop it, compaction removes it).
 * Runs in the same task as the aggregation of that user's events, so no event of the user can slip
 * between the scan and the deletes.
 */
final class UserEraser implements Processor<String, ErasureRequest, String, UserDailyMetrics> {

  private ProcessorContext<String, UserDailyMetrics> context;
  private KeyValueStore<String, UserDailyMetrics> days;

  @Override
  public void init(ProcessorContext<String, UserDailyMetrics> context) {
    this.context = context;
    this.days = context.getStateStore(UserTopology.STORE);
  }

  @Override
  public void process(Record<String, ErasureRequest> record) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, UserDailyMetrics> it = days.prefixScan(UserDays.prefix(record.key()), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, UserDailyMetrics> next = it.next();
        keys.add(next.key);
      }
    }
    for (String key : keys) {
      days.delete(key);
      context.forward(new Record<String, UserDailyMetrics>(key, null, record.timestamp()));
    }
  }
}
