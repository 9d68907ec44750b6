package io.multiai.gateway.common.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.multiai.gateway.common.topics.Topic;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
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
 * another thread.
 *
 * <p>So is a send from a non-blocking thread (a Netty event loop: the ingress's HTTP connections, Redis replies,
 * the workers' provider calls). While the broker is unreachable, the producer can lose a topic's metadata, and {@code send}
 * then blocks until it has it again, up to {@code max.block.ms} (60 s by default): with the broker stopped, a
 * streamed request's send held its event loop, and every connection on it, past 40 s (BrokerOutageEndToEndTest). The
 * hand-off costs a thread switch per send; a caller that gives up meanwhile cancels its send before it starts.
 * Sends from any other thread go out at once. (Reactor Kafka's sender keeps its sends off the caller's
 * thread for the same reason.)
 */
public final class RecordPublisher implements AutoCloseable {

  private final Producer<String, byte[]> producer;
  /**
   * One thread per publisher for the sends handed off: sends from one thread reach the producer in the order
   * they were made (a model's health transitions, a stream's deltas), which a pool would not keep, and a send
   * blocked on metadata holds up only this producer's hand-offs, never an event loop.
   */
  private final Scheduler handOff = Schedulers.newSingle("kafka-send", true);

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
    return Mono.defer(() -> onProducerIoThread() || onEventLoop() ? send.subscribeOn(handOff) : send);
  }

  /**
   * True on a thread that must not block: Reactor's non-blocking threads, and any Netty event loop — Lettuce's
   * (Redis) among them, where a request's publication continues after its budget reservation and which do not
   * carry Reactor's marker.
   */
  static boolean onEventLoop() {
    return Schedulers.isInNonBlockingThread() || ThreadExecutorMap.currentExecutor() != null;
  }

  /** True on a Kafka producer's I/O thread (any producer's: each names its thread with this prefix). */
  static boolean onProducerIoThread() {
    return Thread.currentThread().getName().startsWith(KafkaProducer.NETWORK_THREAD_PREFIX);
  }

  private Mono<RecordMetadata> sendHere(ProducerRecord<String, byte[]> record) {
    return Mono.create(sink -> {
      try {
        producer.send(record, (metadata, error) -> {
          if (error != null) {
            sink.error(error);
          } else {
            sink.success(metadata);
          }
        });
      } catch (RuntimeException e) {
        sink.error(e);
      }
    });
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
    handOff.dispose();
  }
}
