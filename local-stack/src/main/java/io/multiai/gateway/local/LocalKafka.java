package io.multiai.gateway.local;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker inside this JVM (Kafka's own broker classes, formatted storage in a
 * temporary directory), for the local run and the end-to-end tests. It dies with the JVM.
 */
public final class LocalKafka implements AutoCloseable {

  private final EmbeddedKafkaKraftBroker broker;

  private LocalKafka(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  /**
   * Starts the broker on a free port ({@link #bootstrapServers()} tells which): Kafka's test kit
   * pre-binds its sockets, so a fixed port is not available with it.
   */
  public static LocalKafka start() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
    // The group coordinator batches its writes for 10 ms by default; every consumer join and offset
    // commit would wait for it. One broker has nothing to batch with.
    broker.brokerProperty("group.coordinator.append.linger.ms", "0");
    // One broker: internal topics cannot have more replicas than that (transactions, Kafka Streams).
    broker.brokerProperty("transaction.state.log.replication.factor", "1");
    broker.brokerProperty("transaction.state.log.min.isr", "1");
    broker.brokerProperty("offsets.topic.replication.factor", "1");
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    return new LocalKafka(broker);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
