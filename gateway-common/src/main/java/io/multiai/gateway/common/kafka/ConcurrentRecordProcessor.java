package io.multiai.gateway.common.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.topics.Topic;
import reactor.core.publisher.Mono;

/**
 * Consumes one topic and processes many records at once: a provider call takes seconds, and handling
 * one record at a time would cap a partition at one request per call latency.
 *
 * <p>Offsets are committed only up to the oldest record still in progress (at-least-once). When
 * {@code maxInFlight} records are in progress the consumer pauses its partitions instead of buffering
 * more. A record that cannot be decoded, or whose handler fails, goes to the topic's dead-letter
 * topic and the consumer keeps going.
 */
public final class ConcurrentRecordProcessor<V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConcurrentRecordProcessor.class);

  /** Processes one decoded record; the record counts as done when the Mono terminates. */
  @FunctionalInterface
  public interface Handler<V> {
    Mono<Void> handle(ConsumerRecord<String, byte[]> record, V value);
  }

  private final Topic<V> topic;
  private final Consumer<String, byte[]> consumer;
  private final Handler<V> handler;
  private final DeadLetters deadLetters;
  private final int maxInFlight;
  private final Duration shutdownGrace;
  private final java.util.function.BooleanSupplier holdBack;
  private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger deadLettered = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean paused;
  private long lastCommitNanos = System.nanoTime();
  private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();

  public ConcurrentRecordProcessor(Topic<V> topic, Map<String, Object> consumerConfig, Handler<V> handler,
      DeadLetters deadLetters, int maxInFlight, Duration shutdownGrace) {
    this(topic, consumerConfig, handler, deadLetters, maxInFlight, shutdownGrace, () -> false);
  }

  /**
   * @param holdBack while true the consumer fetches nothing new (records in progress go on): a lower
   *     lane yielding to other work in the same process (batch items to interactive requests)
   */
  public ConcurrentRecordProcessor(Topic<V> topic, Map<String, Object> consumerConfig, Handler<V> handler,
      DeadLetters deadLetters, int maxInFlight, Duration shutdownGrace, java.util.function.BooleanSupplier holdBack) {
    this.holdBack = holdBack;
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(consumerConfig);
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.maxInFlight = maxInFlight;
    this.shutdownGrace = shutdownGrace;
    this.thread = new Thread(this::run, "consume-" + topic.name());
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int deadLettered() {
    return deadLettered.get();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic.name()), new Rebalance());
      while (running) {
        applyBackpressure();
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(paused ? 10 : 50));
        for (ConsumerRecord<String, byte[]> record : records) {
          dispatch(record);
        }
        // Committing after every poll would add an offset-commit request per poll under load; a
        // short interval bounds the replay after a crash just as well.
        if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
          commit(false);
          lastCommitNanos = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // close() woke the loop up
    } catch (RuntimeException e) {
      log.error("consumer of {} stopped", topic.name(), e);
    } finally {
      drainAndClose();
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    PartitionProgress partitionProgress = progress.computeIfAbsent(partition, p -> new PartitionProgress());
    partitionProgress.started(record.offset());
    inFlight.incrementAndGet();
    // Decoding and the handler's synchronous part (routing, building the provider call) run right
    // here: tens of microseconds, less than handing the record to another thread would add to every
    // request's latency on a quiet system. Everything after the first I/O runs on the I/O threads.
    Mono.defer(() -> handler.handle(record, topic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value())))
        .onErrorResume(error -> {
          deadLettered.incrementAndGet();
          log.warn("record {}-{}@{} goes to the dead-letter topic: {}", record.topic(), record.partition(),
              record.offset(), error.toString());
          return deadLetters.park(record, error)
              .doOnError(dlqError -> log.error("cannot dead-letter {}-{}@{}", record.topic(), record.partition(),
                  record.offset(), dlqError))
              .onErrorResume(dlqError -> Mono.empty());
        })
        .doFinally(signal -> {
          partitionProgress.finished(record.offset());
          inFlight.decrementAndGet();
        })
        .subscribe();
  }

  private void applyBackpressure() {
    Collection<TopicPartition> assigned = consumer.assignment();
    boolean full = inFlight.get() >= maxInFlight || holdBack.getAsBoolean();
    if (!paused && full) {
      consumer.pause(assigned);
      paused = true;
    } else if (paused && !full) {
      consumer.resume(assigned);
      paused = false;
    }
  }

  private void commit(boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    progress.forEach((partition, p) -> {
      long offset = p.committable();
      if (offset >= 0) {
        offsets.put(partition, new OffsetAndMetadata(offset));
        p.committed(offset);
      }
    });
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets);
    } else {
      consumer.commitAsync(offsets, (committed, error) -> {
        if (error != null) {
          log.warn("offset commit failed (the records will be redelivered): {}", error.toString());
        }
      });
    }
  }

  private void drainAndClose() {
    long until = System.nanoTime() + shutdownGrace.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (int tries = 0; tries < 2; tries++) {
      try {
        commit(true);
        break;
      } catch (WakeupException e) {
        // the wake-up from close() was still pending; the second try runs without it
      } catch (RuntimeException e) {
        log.warn("final commit failed: {}", e.toString());
        break;
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(shutdownGrace.toMillis() + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Commit what is finished before another member takes over; records still in flight will be
      // processed again there (at-least-once).
      try {
        commit(true);
      } catch (RuntimeException e) {
        log.warn("commit on revocation failed: {}", e.toString());
      }
      partitions.forEach(progress::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (paused) {
        consumer.pause(partitions);
      }
    }
  }
}
