package io.multiai.gateway.common.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings that every instance of the fleet must share, checked at start against what the fleet
 * already uses. Each is written as {@code name → fingerprint} to a compacted one-partition topic
 * ({@code gateway.kafka.settings-topic}, default {@code ai.fleet.settings}); the first instance to start
 * records the fleet's values, every later one compares its own and refuses to start on a difference,
 * naming the setting and both values (fingerprints only for secrets: an HMAC of a fixed text keyed with
 * the secret, so the topic reveals nothing about it). {@code AI_FLEET_ADOPT_SETTINGS=true}
 * ({@code gateway.kafka.adopt-settings}) makes an instance overwrite the recorded values with its
 * own — for a deliberate change such as rotating the user-id secret, when every instance restarts with it.
 */
public final class FleetSettings {

  private static final Logger log = LoggerFactory.getLogger(FleetSettings.class);

  private FleetSettings() {}

  /** A fingerprint of a secret that cannot be turned back into it: HMAC-SHA256 keyed with the secret, 16 hex digits. */
  public static String fingerprint(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal("multi-ai-gateway fleet settings fingerprint".getBytes(StandardCharsets.UTF_8));
      return "hmac-sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compares {@code mine} with the fleet's recorded values and records those the fleet has none of
   * yet (all of them with {@code adopt}). Throws naming every setting that differs.
   */
  static void verify(KafkaSettings settings, Map<String, String> mine, boolean adopt, String who) {
    Map<String, String> recorded = read(settings);
    List<String> differences = new java.util.ArrayList<>();
    Map<String, String> toWrite = new HashMap<>();
    mine.forEach((name, value) -> {
      String fleet = recorded.get(name);
      if (fleet == null || adopt) {
        if (fleet != null && !fleet.equals(value)) {
          log.warn("fleet setting {} changes from {} to {} (gateway.kafka.adopt-settings)", name, fleet, value);
        }
        toWrite.put(name, value);
      } else if (!fleet.equals(value)) {
        differences.add(name + ": the fleet uses " + fleet + ", this instance " + value);
      }
    });
    if (!differences.isEmpty()) {
      throw new IllegalStateException("this " + who + " does not match the fleet on " + settings.bootstrapServers() + " ("
          + settings.settingsTopic() + "): " + String.join("; ", differences)
          + ". Every instance must be started with the same values (AI_USER_ID_SECRET; a topic keeps its role, "
          + "gateway.topics.*); to change them for the whole fleet on purpose, restart every instance with the new "
          + "values and AI_FLEET_ADOPT_SETTINGS=true on the first one.");
    }
    if (!toWrite.isEmpty()) {
      write(settings, toWrite);
    }
  }

  private static Map<String, String> read(KafkaSettings settings) {
    Map<String, String> values = new HashMap<>();
    TopicPartition partition = new TopicPartition(settings.settingsTopic(), 0);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.assignedConsumer(
        settings.clientId("fleet-settings"), "earliest"))) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + settings.settingsTopic() + " in 30 s");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            values.remove(record.key());
          } else {
            values.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return values;
  }

  private static void write(KafkaSettings settings, Map<String, String> values) {
    Map<String, Object> config = settings.producer(settings.clientId("fleet-settings"));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (Map.Entry<String, String> entry : values.entrySet()) {
        producer.send(new ProducerRecord<>(settings.settingsTopic(), 0, entry.getKey(),
            entry.getValue().getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
      }
      log.info("recorded fleet settings {} in {}", values.keySet(), settings.settingsTopic());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot record the fleet settings in " + settings.settingsTopic(), e);
    }
  }
}
