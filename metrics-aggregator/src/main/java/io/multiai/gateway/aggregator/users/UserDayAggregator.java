package io.multiai.gateway.aggregator.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.multiai.gateway.aggregator.flush.CommitFlush;
import io.multiai.gateway.schemas.ErasureRequest;
import io.multiai.gateway.schemas.UserDailyMetrics;

/**
 * A user's days, keyed by the user id's hash: merges the partial days the source tasks summed (one per
 * user, day and source task per commit; see {@code UserPreAggregator} in the topology) and erases a
 * user's days on request. Merged days are held until the commit ({@link CommitFlush}), then written to
 * the store and published once each, however many source tasks sent a part of them.
 *
 * <p>An erasure deletes each of the user's days from the store (a tombstone in its changelog), drops
 * the ones not yet written, and publishes a tombstone for each on the per-user topic (the read models
 * drop it, compaction removes it). Days and erasures arrive in this one processor, so no part of a day
 * can slip between the scan and the deletes.
 */
final class UserDayAggregator implements Processor<String, SpecificRecord, String, UserDailyMetrics> {

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private ProcessorContext<String, UserDailyMetrics> context;
  private KeyValueStore<String, UserDailyMetrics> days;
  private CommitFlush.Forwarder<String, UserDailyMetrics> out;

  private record Pending(UserDailyMetrics day, long timestampMs) {}

  @Override
  public void init(ProcessorContext<String, UserDailyMetrics> context) {
    this.context = context;
    this.days = context.getStateStore(UserTopology.STORE);
    this.out = CommitFlush.register(context, UserTopology.PENDING, this::flush, pending::clear);
    pending.clear();
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() instanceof UserDailyMetrics partial) {
      out.sawInput();
      String key = UserDays.key(record.key(), partial.getDayStartMs());
      Pending held = pending.get(key);
      UserDailyMetrics merged = UserDays.merge(held != null ? held.day() : days.get(key), partial);
      pending.put(key, new Pending(merged, Math.max(record.timestamp(), held == null ? 0 : held.timestampMs())));
    } else if (record.value() instanceof ErasureRequest) {
      erase(record.key(), record.timestamp());
    }
  }

  private void erase(String userIdHash, long timestamp) {
    String prefix = UserDays.prefix(userIdHash);
    pending.keySet().removeIf(key -> key.startsWith(prefix));
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, UserDailyMetrics> it = days.prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    for (String key : keys) {
      days.delete(key);
      context.forward(new Record<String, UserDailyMetrics>(key, null, timestamp));
    }
  }

  private void flush() {
    for (Map.Entry<String, Pending> day : pending.entrySet()) {
      days.put(day.getKey(), day.getValue().day());
      out.forward(new Record<>(day.getKey(), day.getValue().day(), day.getValue().timestampMs()));
    }
    pending.clear();
  }
}
