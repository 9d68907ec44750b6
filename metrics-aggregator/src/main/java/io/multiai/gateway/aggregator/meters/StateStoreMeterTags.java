package io.multiai.gateway.aggregator.meters;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * One set of tag keys for Kafka Streams' state-store meters ({@code kafka.stream.state.*}, bound by Micrometer's
 * {@code KafkaStreamsMetrics}). Kafka names a store's tag by its kind — {@code rocksdb-state-id},
 * {@code rocksdb-window-state-id}, {@code in-memory-state-id}… — so one meter name comes with several key sets, and
 * Prometheus keeps only the key set it saw first: the meters of the other kinds of store were dropped with a
 * "registration has failed" warning (seen: the batch-progress store's, behind a window store's). Here
 * the kind's key becomes {@code store} (the store's name) plus {@code store.type} ({@code rocksdb.window}, …).
 */
public final class StateStoreMeterTags implements MeterFilter {

  static final String STATE_METERS = "kafka.stream.state";
  private static final String KIND_SUFFIX = "state.id";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(STATE_METERS)) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    String type = null;
    for (Tag tag : id.getTagsAsIterable()) {
      String key = tag.getKey();
      if (type == null && key.endsWith(KIND_SUFFIX)) {
        String kind = key.substring(0, key.length() - KIND_SUFFIX.length());
        type = kind.endsWith(".") || kind.endsWith("-") ? kind.substring(0, kind.length() - 1) : kind;
        tags.add(Tag.of("store", tag.getValue()));
      } else {
        tags.add(tag);
      }
    }
    if (type == null) {
      return id;
    }
    tags.add(Tag.of("store.type", type.replace('-', '.')));
    return id.replaceTags(tags);
  }
}
