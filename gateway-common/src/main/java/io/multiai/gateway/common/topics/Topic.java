package io.multiai.gateway.common.topics;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** A topic with its value type: every record key on the gateway's topics is a string. */
public record Topic<V>(String name, Serde<V> valueSerde, TopicKind kind) {

  public Serde<String> keySerde() {
    return Serdes.String();
  }

  /** Where records that this topic's consumers cannot decode or process are parked. */
  public String deadLetterTopic() {
    return name + ".dlq";
  }
}
