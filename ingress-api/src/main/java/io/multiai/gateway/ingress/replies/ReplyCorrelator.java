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
import io.multiai.gateway.schemas.StreamCancel;
import io.multiai.gateway.schemas.StreamDelta;
import reactor.core.publisher.Flux;
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
  private final Map<String, StreamWaiter> streaming = new ConcurrentHashMap<>();
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

  /**
   * @param publisher the producer of requests and stream cancellations, owned by this correlator (closed with it);
   *     built with {@code KafkaSettings.requestProducer} so that a request its caller gave up on is not sent later
   */
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
    RecordHeaders headers = requestHeaders(correlationId, timeout);
    return Mono.defer(() -> {
          waiting.put(correlationId, new Waiter(reply, callersEventLoop()));
          return publishRequest(topic, key, value, headers);
        })
        .then(reply.asMono())
        .timeout(timeout)
        .doFinally(signal -> waiting.remove(correlationId));
  }

  /**
   * Streaming mode: publishes the request and returns the {@link StreamDelta}s the worker sends for it, in
   * sequence order, completing after the one carrying the end marker. Deltas redelivered by the broker
   * (at-least-once) are dropped by sequence number; one that arrives early waits for its predecessors.
   * {@code idleTimeout} is the longest wait for the next delta (a {@link java.util.concurrent.TimeoutException});
   * the request's deadline header says the same to the worker, counted from now, since a stream that keeps
   * flowing may outlast it. Cancelling before the end (the client went away) publishes a
   * {@link StreamCancel}, so the worker stops the provider call instead of paying for an answer nobody reads.
   */
  public <V> Flux<StreamDelta> stream(Topic<V> topic, String key, V value, Duration idleTimeout) {
    String correlationId = UUID.randomUUID().toString();
    RecordHeaders headers = requestHeaders(correlationId, idleTimeout);
    return Flux.defer(() -> {
      StreamWaiter waiter = new StreamWaiter(Sinks.many().unicast().onBackpressureBuffer(), orderedCallersLoop());
      streaming.put(correlationId, waiter);
      return publishRequest(topic, key, value, headers).thenMany(waiter.sink().asFlux());
    })
        .timeout(idleTimeout)
        .doOnCancel(() -> {
          StreamWaiter waiter = streaming.get(correlationId);
          if (waiter != null && !waiter.ended()) {
            StreamCancel cancel = new StreamCancel(key, "client_disconnected", clock.millis());
            publisher.publish(topics.requestsCancel(), key, cancel).subscribe(ok -> { }, e -> { });
          }
        })
        .doFinally(signal -> streaming.remove(correlationId));
  }

  /**
   * The request's write, failing with {@link KafkaUnavailableException} when the broker has not acknowledged it
   * within the publish timeout (its producer drops the record then too: see {@code KafkaSettings.requestProducer}).
   */
  private <V> Mono<Void> publishRequest(Topic<V> topic, String key, V value, RecordHeaders headers) {
    return publisher.publish(topic, null, key, value, headers)
        .timeout(publishTimeout, Mono.error(() -> new KafkaUnavailableException(
            "Kafka did not acknowledge the request within " + publishTimeout.toMillis() + " ms", null)))
        .onErrorMap(org.apache.kafka.common.KafkaException.class,
            e -> new KafkaUnavailableException("Kafka refused the request: " + e, e))
        .then();
  }

  private RecordHeaders requestHeaders(String correlationId, Duration timeout) {
    RecordHeaders headers = new RecordHeaders();
    RequestHeaders.putString(headers, RequestHeaders.CORRELATION_ID, correlationId);
    RequestHeaders.putString(headers, RequestHeaders.REPLY_TOPIC, topics.replies().name());
    if (replyPartition >= 0) {
      RequestHeaders.putLong(headers, RequestHeaders.REPLY_PARTITION, replyPartition);
    }
    RequestHeaders.putLong(headers, RequestHeaders.DEADLINE, clock.millis() + timeout.toMillis());
    return headers;
  }

  public int waiting() {
    return waiting.size() + streaming.size();
  }

  private void deliver(ConsumerRecord<String, byte[]> record) {
    String correlationId = RequestHeaders.string(record.headers(), RequestHeaders.CORRELATION_ID);
    if (Topics.REPLY_KIND_DELTA.equals(RequestHeaders.string(record.headers(), Topics.REPLY_KIND))) {
      deliverDelta(correlationId, record);
      return;
    }
    Waiter waiter = correlationId == null ? null : waiting.remove(correlationId);
    if (waiter == null) {
      return; // another instance's reply, or one whose caller already gave up
    }
    QueryResponse reply;
    try {
      reply = topics.replies().valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      waiter.sink().tryEmitError(e);
      return;
    }
    waiter.resume(() -> waiter.sink().tryEmitValue(reply));
  }

  private void deliverDelta(String correlationId, ConsumerRecord<String, byte[]> record) {
    StreamWaiter waiter = correlationId == null ? null : streaming.get(correlationId);
    if (waiter == null) {
      return;
    }
    StreamDelta delta;
    try {
      delta = topics.replyDeltas().valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      waiter.resume(() -> waiter.sink().tryEmitError(e));
      return;
    }
    // Only this thread touches the ordering state; emission hops to the caller's event loop, which runs
    // tasks in submission order, so the order decided here is the order written.
    for (StreamDelta ready : waiter.accept(delta)) {
      waiter.resume(() -> {
        waiter.sink().tryEmitNext(ready);
        if (ready.getEnd() != null) {
          waiter.sink().tryEmitComplete();
        }
      });
    }
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

  /** As {@link #callersEventLoop()}, but in order: without an event loop, on the consumer thread itself. */
  private static Executor orderedCallersLoop() {
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    return loop != null ? loop : Runnable::run;
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

  /** One streaming caller: the next sequence number it expects, and deltas that came before their turn. */
  private static final class StreamWaiter {
    private final Sinks.Many<StreamDelta> sink;
    private final Executor executor;
    private final java.util.TreeMap<Long, StreamDelta> early = new java.util.TreeMap<>();
    private long next;
    private volatile boolean ended;

    StreamWaiter(Sinks.Many<StreamDelta> sink, Executor executor) {
      this.sink = sink;
      this.executor = executor;
    }

    Sinks.Many<StreamDelta> sink() {
      return sink;
    }

    boolean ended() {
      return ended;
    }

    /** The deltas now ready to emit, in order: none for a duplicate or one ahead of a gap. */
    List<StreamDelta> accept(StreamDelta delta) {
      if (ended || delta.getSequence() < next) {
        return List.of(); // a redelivered duplicate
      }
      early.put(delta.getSequence(), delta);
      List<StreamDelta> ready = new java.util.ArrayList<>();
      for (StreamDelta head = early.remove(next); head != null; head = early.remove(next)) {
        ready.add(head);
        next++;
        if (head.getEnd() != null) {
          ended = true;
          early.clear();
          break;
        }
      }
      return ready;
    }

    void resume(Runnable emit) {
      try {
        executor.execute(emit);
      } catch (RejectedExecutionException e) {
        emit.run();
      }
    }
  }

  /** Stops the reply consumer, then closes the request publisher (this correlator's own). */
  @Override
  public void close() {
    thread.close();
    publisher.close();
  }
}
