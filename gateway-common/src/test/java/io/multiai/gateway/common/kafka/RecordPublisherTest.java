package io.multiai.gateway.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import reactor.core.scheduler.NonBlocking;

/** Where {@link RecordPublisher} calls the producer's (possibly blocking) {@code send}. */
class RecordPublisherTest {

  /** Records the thread each send is called on. */
  static final class RecordingProducer extends MockProducer<String, byte[]> {
    final List<String> sendThreads = new CopyOnWriteArrayList<>();

    RecordingProducer() {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
      sendThreads.add(Thread.currentThread().getName());
      return super.send(record, callback);
    }
  }

  /** A thread as Reactor Netty's event loops are: marked {@link NonBlocking}. */
  static final class EventLoopLikeThread extends Thread implements NonBlocking {
    EventLoopLikeThread(Runnable task) {
      super(task, "event-loop-like");
    }
  }

  private static String sendFromAnEventLoop(RecordPublisher publisher, RecordingProducer producer) throws Exception {
    CompletableFuture<Throwable> done = new CompletableFuture<>();
    Thread loop = new EventLoopLikeThread(() -> publisher.send(new ProducerRecord<>("t", "k", new byte[1]))
        .subscribe(ok -> done.complete(null), done::complete));
    loop.start();
    done.get(5, java.util.concurrent.TimeUnit.SECONDS);
    loop.join(5_000);
    return producer.sendThreads.get(producer.sendThreads.size() - 1);
  }

  @Test
  void handsASendFromAnEventLoopToAThreadThatMayBlock() throws Exception {
    // given a producer whose send may block (waiting for metadata while the broker is away)
    RecordingProducer producer = new RecordingProducer();
    RecordPublisher publisher = new RecordPublisher(producer);

    // when an event loop publishes, then the send runs off the loop
    assertThat(sendFromAnEventLoop(publisher, producer)).startsWith("kafka-send");
  }

  @Test
  void handsASendFromAnyNettyEventLoopToAThreadThatMayBlock() throws Exception {
    // given a Netty event loop that does not carry Reactor's marker (Lettuce's, where a Redis reply resumes)
    RecordingProducer producer = new RecordingProducer();
    RecordPublisher publisher = new RecordPublisher(producer);
    io.netty.channel.DefaultEventLoop loop = new io.netty.channel.DefaultEventLoop();
    try {
      // when it publishes
      CompletableFuture<Throwable> done = new CompletableFuture<>();
      loop.execute(() -> publisher.send(new ProducerRecord<>("t", "k", new byte[1])).subscribe(ok -> done.complete(null), done::complete));
      done.get(5, java.util.concurrent.TimeUnit.SECONDS);

      // then the send runs off the loop
      assertThat(producer.sendThreads).singleElement().asString().startsWith("kafka-send");
    } finally {
      loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void keepsTheOrderOfSendsHandedOffFromOneEventLoop() throws Exception {
    // given a publisher and an event loop that publishes a sequence (a model's health transitions, a stream's deltas)
    RecordingProducer producer = new RecordingProducer();
    RecordPublisher publisher = new RecordPublisher(producer);
    io.netty.channel.DefaultEventLoop loop = new io.netty.channel.DefaultEventLoop();
    try {
      // when it publishes 200 records one after another without waiting for acknowledgements
      java.util.concurrent.CountDownLatch acknowledged = new java.util.concurrent.CountDownLatch(200);
      loop.execute(() -> {
        for (int i = 0; i < 200; i++) {
          publisher.send(new ProducerRecord<>("t", "k", new byte[] {(byte) i})).subscribe(ok -> acknowledged.countDown());
        }
      });
      assertThat(acknowledged.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      // then they reach the producer in that order
      assertThat(producer.history()).extracting(record -> (int) record.value()[0] & 0xff)
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).boxed().toList());
    } finally {
      loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void sendsAtOnceFromAThreadThatMayBlock() {
    // given a producer
    RecordingProducer producer = new RecordingProducer();
    RecordPublisher publisher = new RecordPublisher(producer);

    // when a worker's poll thread (or any blocking-capable thread) publishes, then the send runs right there
    publisher.send(new ProducerRecord<>("t", "k", new byte[1])).block(java.time.Duration.ofSeconds(5));
    assertThat(producer.sendThreads).containsExactly(Thread.currentThread().getName());
  }
}
