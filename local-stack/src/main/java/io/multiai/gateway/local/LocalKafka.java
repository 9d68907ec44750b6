package io.multiai.gateway.local;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import io.multiai.gateway.common.kafka.SingleNodeBroker;

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
    SingleNodeBroker.properties().forEach(broker::brokerProperty);
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
