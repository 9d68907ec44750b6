package io.multiai.gateway.ingress.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * The latest aggregate per key of the compacted {@code ai.metrics.windows} topic, read from the
 * beginning at start: every ingress instance sees the same figures, whichever instance served the
 * calls, and a restart rebuilds them from the topic.
 */
public final class MetricsReadModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsReadModel.class);

  private final Topics topics;
  private final Consumer<String, byte[]> consumer;
  private final Map<String, MetricWindow> latest = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public MetricsReadModel(Topics topics, KafkaSettings kafka) {
    this.topics = topics;
    this.consumer = new KafkaConsumer<>(kafka.assignedConsumer("ingress-metrics-" + UUID.randomUUID(), "earliest"));
    this.thread = new Thread(this::run, "ingress-metrics-read-model");
    this.thread.setDaemon(true);
  }

  public void start() {
    String topic = topics.metricWindows().name();
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
  }

  /** Running totals (window size 0) by model; {@code *} is all models together. */
  public Map<String, MetricWindow> totals() {
    Map<String, MetricWindow> totals = new java.util.TreeMap<>();
    latest.values().stream().filter(w -> w.getWindowSizeMs() == 0).forEach(w -> totals.put(w.getModel(), w));
    return totals;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            latest.remove(record.key());
            continue;
          }
          try {
            latest.put(record.key(), topics.metricWindows().valueSerde().deserializer().deserialize(record.topic(), record.value()));
          } catch (RuntimeException e) {
            log.warn("skipping undecodable aggregate at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("metrics read model stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
