package io.multiai.gateway.common.kafka;

import java.util.Map;

/**
 * The broker settings a one-node KRaft cluster needs, for every broker this project starts itself (the local
 * stack's in-JVM broker, {@code run-broker.sh}'s persistent one, the aggregator's test broker). Kafka's
 * defaults assume three brokers and batching: with one broker, internal topics (offsets, transactions,
 * share-group state) cannot have more than one replica — or exactly-once never commits — and there is nothing
 * to batch group-coordinator writes with or to wait for before a first rebalance.
 */
public final class SingleNodeBroker {

  private SingleNodeBroker() {}

  /** Broker property → value. */
  public static Map<String, String> properties() {
    return Map.of(
        // One broker: internal topics cannot have more replicas than that (offsets, transactions, Kafka Streams).
        "offsets.topic.replication.factor", "1",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "share.coordinator.state.topic.replication.factor", "1",
        "share.coordinator.state.topic.min.isr", "1",
        // The group coordinator batches its writes for 10 ms by default: every consumer join and offset commit
        // would wait for it. And a worker that joins should get its partitions at once, not after 3 s.
        "group.coordinator.append.linger.ms", "0",
        "group.initial.rebalance.delay.ms", "0");
  }
}
