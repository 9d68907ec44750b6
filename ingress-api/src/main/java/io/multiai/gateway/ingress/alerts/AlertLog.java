package io.multiai.gateway.ingress.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;

/**
 * Active and recent alerts, replayed from {@code ai.alerts} (a week of state changes) at start and
 * followed after: an alert is active from its FIRING until the RESOLVED of the same rule and model, or
 * until the instant {@code activeUntil} gives for it (a budget's alert: the end of its period).
 */
public final class AlertLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertLog.class);

  private final Topic<Alert> topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final int keepRecent;
  private final Map<String, Alert> active = new LinkedHashMap<>();
  private final Deque<Alert> recent = new ArrayDeque<>();
  private final Thread thread;
  private final Function<Alert, Optional<Instant>> activeUntil;
  private final Clock clock;
  private volatile boolean running = true;

  public AlertLog(Topic<Alert> topic, KafkaSettings kafka, int keepRecent) {
    this(topic, kafka, keepRecent, alert -> Optional.empty(), Clock.systemUTC());
  }

  /** @param activeUntil when a FIRING alert stops being active without a RESOLVED; empty: only a RESOLVED ends it */
  public AlertLog(Topic<Alert> topic, KafkaSettings kafka, int keepRecent, Function<Alert, Optional<Instant>> activeUntil, Clock clock) {
    this.topic = topic;
    this.activeUntil = activeUntil;
    this.clock = clock;
    this.keepRecent = keepRecent;
    Map<String, Object> config = kafka.assignedConsumer(topic.name() + "-log-" + UUID.randomUUID(), "earliest");
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
    // Written in the aggregator's transactions: an aborted one's alert never happened.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(config);
    this.thread = new Thread(this::run, topic.name() + "-log");
    this.thread.setDaemon(true);
  }

  public void start() {
    List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
  }

  public synchronized List<Alert> active() {
    Instant now = clock.instant();
    return active.values().stream()
        .filter(alert -> activeUntil.apply(alert).map(now::isBefore).orElse(true))
        .sorted(Comparator.comparingLong(Alert::getTimestampMs).reversed()).toList();
  }

  /** Newest first. */
  public synchronized List<Alert> recent() {
    List<Alert> newestFirst = new ArrayList<>(recent);
    newestFirst.sort(Comparator.comparingLong(Alert::getTimestampMs).reversed());
    return newestFirst;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("alert log of {} stopped", topic.name(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private synchronized void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    Alert alert;
    try {
      alert = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.warn("skipping undecodable alert at {}-{}@{}", record.topic(), record.partition(), record.offset());
      return;
    }
    String key = alert.getRule() + "|" + alert.getModel();
    if (alert.getState() == AlertState.FIRING) {
      active.put(key, alert);
    } else {
      active.remove(key);
    }
    recent.addLast(alert);
    while (recent.size() > keepRecent) {
      recent.removeFirst();
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
