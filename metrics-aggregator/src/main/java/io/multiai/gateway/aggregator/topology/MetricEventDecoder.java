package io.multiai.gateway.aggregator.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.schemas.MetricEvent;

/**
 * Decodes metric events inside the topology rather than in the source's serde, so that a record that
 * is not a MetricEvent goes to the dead-letter topic in the same transaction that moves the offset
 * past it: it is neither lost nor retried for ever, and it carries the headers {@link DeadLetters}
 * uses everywhere else.
 */
final class MetricEventDecoder implements FixedKeyProcessor<String, byte[], MetricEventDecoder.Decoded> {

  /** Either an event or the raw bytes that were not one. */
  record Decoded(MetricEvent event, byte[] poison) {
    boolean ok() {
      return event != null;
    }
  }

  private final Deserializer<MetricEvent> deserializer;
  private FixedKeyProcessorContext<String, Decoded> context;

  MetricEventDecoder(Deserializer<MetricEvent> deserializer) {
    this.deserializer = deserializer;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Decoded> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    try {
      context.forward(record.withValue(new Decoded(deserializer.deserialize(source.topic(), record.value()), null)));
    } catch (RuntimeException e) {
      Headers headers = new RecordHeaders(record.headers().toArray());
      headers.add(DeadLetters.ERROR, utf8(String.valueOf(e.getMessage())));
      headers.add(DeadLetters.ERROR_CLASS, utf8(e.getClass().getName()));
      headers.add(DeadLetters.SOURCE_TOPIC, utf8(source.topic()));
      headers.add(DeadLetters.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
      headers.add(DeadLetters.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
      context.forward(record.withValue(new Decoded(null, record.value())).withHeaders(headers));
    }
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
