package io.multiai.gateway.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.topics.Topic;

/**
 * The latest value per key of a compacted topic, read from the beginning at start and followed
 * after: every instance holding one sees the same state, and a restart rebuilds it from the topic.
 */
public final class CompactedTopicView<V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CompactedTopicView.class);

  private final Topic<V> topic;
  private final Consumer<String, byte[]> consumer;
  private final Map<String, V> latest = new ConcurrentHashMap<>();
  private final ConsumerThread thread;

  public CompactedTopicView(Topic<V> topic, KafkaSettings kafka) {
    this.topic = topic;
    Map<String, Object> config = kafka.assignedConsumer(topic.name() + "-view-" + UUID.randomUUID(), "earliest");
    // A view is not on the request path: Kafka's default fetch wait spares the broker idle polling.
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
    // The aggregator writes in exactly-once transactions: records of an aborted one are not results.
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(config);
    this.thread = new ConsumerThread(topic.name() + "-view", consumer, Duration.ofMillis(200), this::apply);
  }

  public void start() {
    List<TopicPartition> partitions = partitions();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
  }

  /**
   * The topic's partitions. Right after the topic was created the cluster metadata may not list them
   * yet (an empty answer), and a view assigned no partitions would stop at its first poll.
   */
  private List<TopicPartition> partitions() {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("topic " + topic.name() + " has no partitions after 30 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The latest value of one key, or null: no copy, cheap enough for every request. */
  public V get(String key) {
    return latest.get(key);
  }

  public Map<String, V> snapshot() {
    return Map.copyOf(latest);
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      latest.remove(record.key());
      return;
    }
    try {
      latest.put(record.key(), topic.valueSerde().deserializer().deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      log.warn("skipping undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
    }
  }

  @Override
  public void close() {
    thread.close();
  }
}
