package io.multiai.gateway.aggregator;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import io.multiai.gateway.common.kafka.SingleNodeBroker;

/**
 * A real single-node KRaft broker in this JVM with {@link SingleNodeBroker}'s
 * settings, as the local stack's {@code LocalKafka} (which lives in a module that depends on this one, so it
 * cannot be used here).
 */
public final class KraftBroker {

  private KraftBroker() {}

  public static EmbeddedKafkaKraftBroker start(int partitions) {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
    SingleNodeBroker.properties().forEach(broker::brokerProperty);
    broker.afterPropertiesSet();
    return broker;
  }
}
