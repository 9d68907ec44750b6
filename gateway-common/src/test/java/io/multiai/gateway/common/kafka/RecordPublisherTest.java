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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import reactor.core.scheduler.NonBlocking;

/** Where {@link RecordPublisher} calls the producer's (possibly blocking) {@code send}. */
class RecordPublisherTest {

  /** Records the thread each send is called on; the first send can be made to fail as an unreachable broker does. */
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
  void sendsOnTheCallersEventLoopWhileNoSendHasFailed() throws Exception {
    // given a healthy producer
    RecordingProducer producer = new RecordingProducer();
    RecordPublisher publisher = new RecordPublisher(producer);

    // when an event loop publishes, then the send runs right there (no hand-off on the hot path)
    assertThat(sendFromAnEventLoop(publisher, producer)).isEqualTo("event-loop-like");
  }

  @Test
  void handsEventLoopSendsToABlockingCapableThreadAfterASendFailed() throws Exception {
    // given a send that failed, as when the broker stopped answering (Kafka's producer may now block in send)
    RecordingProducer producer = new RecordingProducer();
    producer.sendException = new TimeoutException("Topic t not present in metadata after 1000 ms.");
    RecordPublisher publisher = new RecordPublisher(producer);
    assertThat(sendFromAnEventLoop(publisher, producer)).isEqualTo("event-loop-like");
    producer.sendException = null;

    // when an event loop publishes again, then the send runs off the loop
    assertThat(sendFromAnEventLoop(publisher, producer)).startsWith("boundedElastic");
  }
}
