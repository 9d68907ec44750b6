package io.multiai.gateway.ingress.replies;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.multiai.gateway.common.kafka.ConsumerThread;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.QueryResponse;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Kafka request-reply without parking a thread: a request is published with a correlation id, the
 * reply topic and partition this instance reads, and an absolute deadline; one consumer thread
 * completes the waiting caller when the correlated reply arrives.
 *
 * <p>The reply consumer assigns its partitions itself and never commits: after a restart no caller
 * waits for old replies, so it starts at the end.
 */
public final class ReplyCorrelator implements AutoCloseable {

  private static final Executor ON_PARALLEL = task -> Schedulers.parallel().schedule(task);

  private final Topics topics;
  private final RecordPublisher publisher;
  private final Clock clock;
  private final int replyPartition;
  private final Consumer<String, byte[]> consumer;
  private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
  private final ConsumerThread thread;

  /** The broker did not acknowledge a request in time: it is down or unreachable (the caller gets a 503 at once). */
  public static final class KafkaUnavailableException extends RuntimeException {
    KafkaUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Duration publishTimeout = Duration.ofSeconds(1);

  /**
   * How long a request's publication may wait for the broker's acknowledgement (normally about a
   * millisecond) before the caller is answered 503 instead of waiting out the reply timeout while
   * the broker is down. The record may still be delivered once the broker is back; a worker then
   * drops it when its deadline has passed.
   */
  public ReplyCorrelator publishTimeout(Duration timeout) {
    this.publishTimeout = timeout;
    return this;
  }

  public ReplyCorrelator(Topics topics, KafkaSettings kafka, RecordPublisher publisher, Clock clock, int replyPartition) {
    this.topics = topics;
    this.publisher = publisher;
    this.clock = clock;
    this.replyPartition = replyPartition;
    this.consumer = new KafkaConsumer<>(kafka.assignedConsumer("ingress-replies-" + UUID.randomUUID(), "latest"));
    this.thread = new ConsumerThread("ingress-replies", consumer, Duration.ofMillis(100), this::deliver);
  }

  /** Assigns the reply partitions and fixes their start positions before any request can be sent. */
  public void start() {
    String topic = topics.replies().name();
    List<TopicPartition> partitions = replyPartition >= 0
        ? List.of(new TopicPartition(topic, replyPartition))
        : consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("reply topic " + topic + " has no partitions");
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // position() resolves the lazy seek now; a reply arriving before the first poll would otherwise be skipped.
    partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
    thread.start();
  }

  /**
   * Publishes the request and waits (without blocking) for its reply until {@code timeout}; a
   * {@link java.util.concurrent.TimeoutException} signals that none came in time.
   */
  public <V> Mono<QueryResponse> request(Topic<V> topic, String key, V value, Duration timeout) {
    String correlationId = UUID.randomUUID().toString();
    Sinks.One<QueryResponse> reply = Sinks.one();
    RecordHeaders headers = new RecordHeaders();
    RequestHeaders.putString(headers, RequestHeaders.CORRELATION_ID, correlationId);
    RequestHeaders.putString(headers, RequestHeaders.REPLY_TOPIC, topics.replies().name());
    if (replyPartition >= 0) {
      RequestHeaders.putLong(headers, RequestHeaders.REPLY_PARTITION, replyPartition);
    }
    RequestHeaders.putLong(headers, RequestHeaders.DEADLINE, clock.millis() + timeout.toMillis());
    return Mono.defer(() -> {
          waiting.put(correlationId, new Waiter(reply, callersEventLoop()));
          return publisher.publish(topic, null, key, value, headers)
              .timeout(publishTimeout, Mono.error(() -> new KafkaUnavailableException(
                  "Kafka did not acknowledge the request within " + publishTimeout.toMillis() + " ms", null)))
              .onErrorMap(org.apache.kafka.common.KafkaException.class,
                  e -> new KafkaUnavailableException("Kafka refused the request: " + e, e));
        })
        .then(reply.asMono())
        .timeout(timeout)
        .doFinally(signal -> waiting.remove(correlationId));
  }

  public int waiting() {
    return waiting.size();
  }

  private void deliver(ConsumerRecord<String, byte[]> record) {
    String correlationId = RequestHeaders.string(record.headers(), RequestHeaders.CORRELATION_ID);
    Waiter waiter = correlationId == null ? null : waiting.remove(correlationId);
    if (waiter == null) {
      return; // another instance's reply, or one whose caller already gave up
    }
    QueryResponse reply;
    try {
      reply = topics.replies().valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      waiter.sink().tryEmitError(e);
      return;
    }
    waiter.resume(() -> waiter.sink().tryEmitValue(reply));
  }

  /**
   * The event loop of the caller's connection when the request came from one (WebFlux on Reactor
   * Netty), else the parallel scheduler. The caller resumes there: the HTTP response is then encoded
   * and written without a further hand-off, and never on the single reply-consumer thread, which
   * would serialise every caller's response behind it.
   */
  private static Executor callersEventLoop() {
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    return loop != null ? loop : ON_PARALLEL;
  }

  private record Waiter(Sinks.One<QueryResponse> sink, Executor executor) {
    void resume(Runnable emit) {
      try {
        executor.execute(emit);
      } catch (RejectedExecutionException e) {
        emit.run(); // the event loop is shutting down: answer from here rather than not at all
      }
    }
  }

  @Override
  public void close() {
    thread.close();
  }
}
