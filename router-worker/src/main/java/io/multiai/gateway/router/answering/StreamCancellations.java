package io.multiai.gateway.router.answering;

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

import io.multiai.gateway.common.kafka.ConsumerThread;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.StreamCancel;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Hears that a streaming request's caller went away: every worker reads all of ai.requests.cancel (a
 * consumer that assigns every partition and starts at the end, no group), and the one streaming that
 * request stops its provider call — cancelling the subscription closes the provider connection, so no more
 * output tokens are paid for. A broadcast, because only the worker knows it holds the request, and cancels
 * are rare and a few bytes. A cancel that arrives before the stream registered is lost; the stream then runs
 * to its end or its deadline (the ingress sends the cancel only after the request record).
 */
public final class StreamCancellations implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamCancellations.class);

  /** For workers without the cancel topic (tests): nothing ever cancels. */
  public static final StreamCancellations NONE = new StreamCancellations();

  private final Map<String, Sinks.One<Boolean>> streams = new ConcurrentHashMap<>();
  private final Topics topics;
  private final Consumer<String, byte[]> consumer;
  private final ConsumerThread thread;

  private StreamCancellations() {
    this.topics = null;
    this.consumer = null;
    this.thread = null;
  }

  public StreamCancellations(Topics topics, KafkaSettings kafka) {
    this.topics = topics;
    this.consumer = new KafkaConsumer<>(kafka.assignedConsumer("router-cancels-" + UUID.randomUUID(), "latest"));
    this.thread = new ConsumerThread("router-cancels", consumer, Duration.ofMillis(100), this::deliver);
  }

  /** Assigns every partition at its end; call after the topic exists. */
  public void start() {
    if (consumer == null) {
      return;
    }
    String topic = topics.requestsCancel().name();
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
    thread.start();
  }

  /** A signal that fires when the request is cancelled; {@link #forget} when the stream is over. */
  Mono<Boolean> watch(String requestId) {
    return streams.computeIfAbsent(requestId, id -> Sinks.one()).asMono();
  }

  void forget(String requestId) {
    streams.remove(requestId);
  }

  /** Cancels a stream this worker is running (also what a cancel record does). */
  void cancel(String requestId) {
    Sinks.One<Boolean> stream = streams.remove(requestId);
    if (stream != null) {
      stream.tryEmitValue(true);
    }
  }

  private void deliver(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null || !streams.containsKey(record.key())) {
      return; // another worker's stream, or one already over
    }
    try {
      StreamCancel cancel = topics.requestsCancel().valueSerde().deserializer().deserialize(record.topic(), record.headers(),
          record.value());
      log.debug("request {} cancelled: {}", cancel.getRequestId(), cancel.getReason());
      cancel(cancel.getRequestId());
    } catch (RuntimeException e) {
      log.warn("undecodable cancel record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
    }
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.close();
    }
  }
}
