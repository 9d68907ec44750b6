package io.multiai.gateway.aggregator;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker in this JVM, set up as the local stack's {@code LocalKafka} (which
 * lives in a module that depends on this one, so it cannot be used here): one broker, so internal
 * topics (transactions, offsets) take one replica — or exactly-once never commits — and nothing waits
 * to batch group writes or rebalances.
 */
public final class KraftBroker {

  private KraftBroker() {}

  public static EmbeddedKafkaKraftBroker start(int partitions) {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
    broker.brokerProperty("transaction.state.log.replication.factor", "1");
    broker.brokerProperty("transaction.state.log.min.isr", "1");
    broker.brokerProperty("offsets.topic.replication.factor", "1");
    broker.brokerProperty("group.coordinator.append.linger.ms", "0");
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    return broker;
  }
}
