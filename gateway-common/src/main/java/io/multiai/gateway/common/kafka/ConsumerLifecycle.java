package io.multiai.gateway.common.kafka;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.context.SmartLifecycle;

import io.multiai.gateway.common.topics.Topic;

/**
 * Runs a worker's {@link ConcurrentRecordProcessor} while the Spring context runs: topics are
 * ensured first, consumption starts once the context is up, and in-flight records drain on stop.
 */
public final class ConsumerLifecycle<V> implements SmartLifecycle {

  private final Topic<V> input;
  private final List<Topic<?>> otherTopics;
  private final TopicProvisioner provisioner;
  private final Supplier<ConcurrentRecordProcessor<V>> processorFactory;
  private volatile ConcurrentRecordProcessor<V> processor;

  public ConsumerLifecycle(Topic<V> input, List<Topic<?>> otherTopics, TopicProvisioner provisioner,
      Supplier<ConcurrentRecordProcessor<V>> processorFactory) {
    this.input = input;
    this.otherTopics = List.copyOf(otherTopics);
    this.provisioner = provisioner;
    this.processorFactory = processorFactory;
  }

  /** A client id unique to this instance, so brokers and logs tell the members of a group apart. */
  public static String clientId(String groupId) {
    return groupId + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void start() {
    List<Topic<?>> topics = new java.util.ArrayList<>(otherTopics);
    topics.add(input);
    provisioner.ensure(topics, List.of(input));
    processor = processorFactory.get();
    processor.start();
  }

  /** Records in progress now (0 when not running): what a lower lane in the same process yields to. */
  public int inFlight() {
    ConcurrentRecordProcessor<V> running = processor;
    return running == null ? 0 : running.inFlight();
  }

  @Override
  public void stop() {
    ConcurrentRecordProcessor<V> running = processor;
    processor = null;
    if (running != null) {
      running.close();
    }
  }

  @Override
  public boolean isRunning() {
    return processor != null;
  }
}
