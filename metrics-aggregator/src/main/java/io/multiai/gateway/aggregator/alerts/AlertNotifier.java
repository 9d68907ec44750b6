package io.multiai.gateway.aggregator.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.schemas.Alert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends each alert of {@code ai.alerts} to the webhook. A consumer group shared by the aggregator
 * instances, so each alert is sent by one of them; the offset is committed after the webhook accepted
 * the alert or the retries were spent (then it is logged and counted, so one dead receiver does not
 * stop every later alert).
 */
public final class AlertNotifier implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);

  private final Topic<Alert> alerts;
  private final KafkaSettings kafka;
  private final String groupId;
  private final AlertSettings.Webhook settings;
  private final WebhookSender sender;
  private final JsonMapper json;
  private final Clock clock;
  private final Counter delivered;
  private final Counter undelivered;
  private final Counter skipped;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;

  public AlertNotifier(Topic<Alert> alerts, KafkaSettings kafka, String groupId, AlertSettings.Webhook settings,
      JsonMapper json, Clock clock, MeterRegistry meters) {
    this.alerts = alerts;
    this.kafka = kafka;
    this.groupId = groupId;
    this.settings = settings;
    this.sender = new WebhookSender(settings);
    this.json = json;
    this.clock = clock;
    this.delivered = counter(meters, "delivered");
    this.undelivered = counter(meters, "undelivered");
    this.skipped = counter(meters, "too_old");
  }

  private static Counter counter(MeterRegistry meters, String outcome) {
    return Counter.builder("gateway.alerts.notifications").tag("outcome", outcome)
        .description("alerts posted to the webhook, by outcome").register(meters);
  }

  @Override
  public synchronized void start() {
    Map<String, Object> config = kafka.committingConsumer(groupId, groupId);
    // Alerts are written in the aggregator's transactions: an aborted one's alert never happened.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(alerts.name()));
    running = true;
    thread = new Thread(this::run, "alert-notifier");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> record : records) {
          notify(record);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("alert notifier stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void notify(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    Alert alert;
    try {
      alert = alerts.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.warn("skipping an undecodable alert at {}-{}@{}", record.topic(), record.partition(), record.offset());
      return;
    }
    if (alert == null) {
      return;
    }
    if (alert.getTimestampMs() < clock.millis() - settings.maxAge().toMillis()) {
      skipped.increment();
      return;
    }
    if (sender.send(json.writeValueAsString(SlackMessage.of(alert)))) {
      delivered.increment();
    } else {
      undelivered.increment();
      log.error("alert not delivered to the webhook after {} attempts: {}", settings.attempts(), SlackMessage.text(alert));
    }
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
