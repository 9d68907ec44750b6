package io.multiai.gateway.aggregator.windows;

import java.time.Duration;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Where the topology keeps its state. Both kinds are backed by changelog topics, so state survives a
 * restart either way; RocksDB also spills to disk, so state larger than the heap fits. In-memory
 * stores serve the tests and the benchmark: {@code TopologyTestDriver} commits (and so flushes RocksDB)
 * after every record, which measures the disk, not the topology.
 */
public enum StoreKind {
  PERSISTENT,
  IN_MEMORY;

  /** For the DSL's aggregations, which keep a timestamp with each value. */
  public KeyValueBytesStoreSupplier timestampedKeyValue(String name) {
    return this == PERSISTENT ? Stores.persistentTimestampedKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  }

  public WindowBytesStoreSupplier timestampedWindow(String name, Duration retention, Duration windowSize) {
    return this == PERSISTENT
        ? Stores.persistentTimestampedWindowStore(name, retention, windowSize, false)
        : Stores.inMemoryWindowStore(name, retention, windowSize, false);
  }

  /** For the processors' own stores, which keep plain values. */
  public KeyValueBytesStoreSupplier keyValue(String name) {
    return this == PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  }

  public WindowBytesStoreSupplier window(String name, Duration retention, Duration windowSize) {
    return this == PERSISTENT
        ? Stores.persistentWindowStore(name, retention, windowSize, false)
        : Stores.inMemoryWindowStore(name, retention, windowSize, false);
  }
}
