package io.multiai.gateway.common.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.multiai.gateway.common.topics.Topic;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes typed records; the returned Mono completes when the broker has acknowledged the write.
 *
 * <p>The Mono completes on the producer's I/O thread (the send callback), so whatever a caller chains
 * after a write runs there, often another write. {@code KafkaProducer.send} blocks its calling thread until
 * it has the topic's metadata (up to {@code max.block.ms}, 60 s), and only the I/O thread fetches metadata:
 * a send from that thread to a topic this producer has not written yet waits for itself and fails after
 * 60 s with "Topic … not present in metadata", stalling every other write of the producer meanwhile
 * (a streamed answer's metrics after its last delta did exactly that). Such a send is therefore handed to
 * another thread; sends from any other thread go out at once.
 */
public final class RecordPublisher implements AutoCloseable {

  private final Producer<String, byte[]> producer;

  public RecordPublisher(KafkaSettings settings, String clientId) {
    this(new KafkaProducer<>(settings.producer(clientId)));
  }

  public RecordPublisher(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  public <V> Mono<RecordMetadata> publish(Topic<V> topic, String key, V value) {
    return publish(topic, null, key, value, new RecordHeaders());
  }

  public <V> Mono<RecordMetadata> publish(Topic<V> topic, Integer partition, String key, V value, Headers headers) {
    // With the headers: an encrypted topic's serde puts its key id there (see Topics).
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
    return send(new ProducerRecord<>(topic.name(), partition, key, bytes, headers));
  }

  /** Publishes a value to a topic named at run time (a reply topic a request asked for). */
  public <V> Mono<RecordMetadata> publishTo(String topicName, Topic<V> shape, Integer partition, String key, V value, Headers headers) {
    byte[] bytes = shape.valueSerde().serializer().serialize(topicName, headers, value);
    return send(new ProducerRecord<>(topicName, partition, key, bytes, headers));
  }

  public Mono<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    Mono<RecordMetadata> send = sendHere(record);
    return Mono.defer(() -> onProducerIoThread() || (mayBlock() && Schedulers.isInNonBlockingThread())
        ? send.subscribeOn(Schedulers.boundedElastic()) : send);
  }

  /**
   * While the broker is unreachable, {@code send} blocks its caller for up to {@code max.block.ms}: Kafka 4's
   * producer re-bootstraps and forgets the topics' partitions, and waits for metadata before it appends. On a
   * Netty event loop that stalls every connection of the loop (health checks included) for each request. So for
   * a while after a send failed, sends from non-blocking threads go through a blocking-capable thread; a caller
   * that gives up meanwhile cancels its send before it starts. In health no send pays for the hand-off.
   */
  private boolean mayBlock() {
    long failedAt = lastFailureNanos;
    return failedAt != 0 && System.nanoTime() - failedAt < HAND_OFF_AFTER_FAILURE.toNanos();
  }

  /** How long after a failed send event-loop callers keep handing their sends off (a broker back for that long is well). */
  static final java.time.Duration HAND_OFF_AFTER_FAILURE = java.time.Duration.ofSeconds(30);

  private volatile long lastFailureNanos;

  /** True on a Kafka producer's I/O thread (any producer's: each names its thread with this prefix). */
  static boolean onProducerIoThread() {
    return Thread.currentThread().getName().startsWith(KafkaProducer.NETWORK_THREAD_PREFIX);
  }

  private Mono<RecordMetadata> sendHere(ProducerRecord<String, byte[]> record) {
    return Mono.create(sink -> {
      try {
        producer.send(record, (metadata, error) -> {
          if (error != null) {
            lastFailureNanos = System.nanoTime() | 1; // never 0, which means "no failure yet"
            sink.error(error);
          } else {
            sink.success(metadata);
          }
        });
      } catch (RuntimeException e) {
        lastFailureNanos = System.nanoTime() | 1;
        sink.error(e);
      }
    });
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
