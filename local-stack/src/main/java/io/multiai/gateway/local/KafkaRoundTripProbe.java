package io.multiai.gateway.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.multiai.gateway.common.kafka.KafkaSettings;

/**
 * The floor under the gateway's latency: plain Kafka request-reply (no HTTP, no Spring, no Avro)
 * between two "services" in this JVM, over the same in-JVM broker and with the same client settings
 * the gateway uses. A request goes to one topic, an echo thread answers on another; sequential
 * round trips give the per-hop cost, {@code inFlight} concurrent ones the throughput ceiling.
 * Usage: KafkaRoundTripProbe [seconds per level] [inFlight...]
 */
public final class KafkaRoundTripProbe {

  private KafkaRoundTripProbe() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int[] levels = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray() : new int[] {1, 64};
    try (LocalKafka kafka = LocalKafka.start()) {
      KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), 6, (short) 1, Duration.ofHours(1), Duration.ofDays(1), Integer.getInteger("probe.fetchMaxWaitMs", 500), 0);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("probe.requests", 6, (short) 1), new NewTopic("probe.replies", 6, (short) 1))).all().get();
      }
      try (RoundTrips trips = new RoundTrips(settings)) {
        // Warm-up: the JIT needs both shapes of traffic before the numbers mean anything.
        trips.measure(seconds, 32);
        trips.measure(seconds, 1);
        for (int inFlight : levels) {
          long[] micros = trips.measure(seconds, inFlight);
          Arrays.sort(micros);
          System.out.printf("raw Kafka request-reply, %2d in flight: %7.0f round trips/s   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms%n",
              inFlight, micros.length / (double) seconds, pct(micros, 50), pct(micros, 90), pct(micros, 99));
        }
      }
    }
    System.exit(0);
  }

  private static double pct(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1000.0;
  }

  /** A requester (producer + reply consumer) and an echo service (request consumer + producer). */
  private static final class RoundTrips implements AutoCloseable {
    private final KafkaProducer<String, byte[]> requester;
    private final KafkaProducer<String, byte[]> echoProducer;
    private final KafkaConsumer<String, byte[]> echoConsumer;
    private final KafkaConsumer<String, byte[]> replyConsumer;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final List<Long> completed = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile Semaphore window = new Semaphore(0);
    private final Thread echo;
    private final Thread replies;
    private final AtomicInteger sequence = new AtomicInteger();

    RoundTrips(KafkaSettings settings) throws InterruptedException {
      requester = new KafkaProducer<>(settings.producer("probe-requester"));
      echoProducer = new KafkaProducer<>(settings.producer("probe-echo"));
      echoConsumer = new KafkaConsumer<>(settings.committingConsumer("probe-echo", "probe-echo"));
      replyConsumer = new KafkaConsumer<>(settings.assignedConsumer("probe-replies", "latest"));
      CountDownLatch ready = new CountDownLatch(1);
      echo = new Thread(() -> {
        echoConsumer.subscribe(List.of("probe.requests"));
        while (running.get()) {
          for (ConsumerRecord<String, byte[]> record : echoConsumer.poll(Duration.ofMillis(50))) {
            echoProducer.send(new ProducerRecord<>("probe.replies", record.key(), record.value()));
          }
          if (!echoConsumer.assignment().isEmpty()) {
            ready.countDown();
          }
        }
      }, "probe-echo");
      List<TopicPartition> replyPartitions = new ArrayList<>();
      for (int p = 0; p < 6; p++) {
        replyPartitions.add(new TopicPartition("probe.replies", p));
      }
      replyConsumer.assign(replyPartitions);
      replyConsumer.seekToEnd(replyPartitions);
      replyPartitions.forEach(replyConsumer::position);
      replies = new Thread(() -> {
        while (running.get()) {
          for (ConsumerRecord<String, byte[]> record : replyConsumer.poll(Duration.ofMillis(50))) {
            Long started = sentAt.remove(record.key());
            if (started != null) {
              synchronized (completed) {
                completed.add((System.nanoTime() - started) / 1000);
              }
              window.release();
            }
          }
        }
      }, "probe-replies");
      echo.start();
      replies.start();
      ready.await();
    }

    long[] measure(int seconds, int inFlight) throws InterruptedException {
      synchronized (completed) {
        completed.clear();
      }
      window = new Semaphore(inFlight);
      long until = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < until) {
        if (!window.tryAcquire(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          continue;
        }
        String key = Integer.toString(sequence.incrementAndGet());
        sentAt.put(key, System.nanoTime());
        requester.send(new ProducerRecord<>("probe.requests", key, new byte[200]));
      }
      window.tryAcquire(inFlight, 10, java.util.concurrent.TimeUnit.SECONDS);
      sentAt.clear();
      synchronized (completed) {
        return completed.stream().mapToLong(Long::longValue).toArray();
      }
    }

    @Override
    public void close() {
      running.set(false);
      try {
        echo.join(2000);
        replies.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      requester.close();
      echoProducer.close();
    }
  }
}
