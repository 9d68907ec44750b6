package io.multiai.gateway.common.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import reactor.core.publisher.Mono;

/** Parks a record a consumer cannot decode or process on {@code <topic>.dlq}, with the error in headers. */
public final class DeadLetters {

  public static final String ERROR = "dlq-error";
  public static final String ERROR_CLASS = "dlq-error-class";
  public static final String SOURCE_TOPIC = "dlq-source-topic";
  public static final String SOURCE_PARTITION = "dlq-source-partition";
  public static final String SOURCE_OFFSET = "dlq-source-offset";

  private final RecordPublisher publisher;

  public DeadLetters(RecordPublisher publisher) {
    this.publisher = publisher;
  }

  public Mono<Void> park(ConsumerRecord<String, byte[]> record, Throwable error) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(ERROR, utf8(String.valueOf(error.getMessage())));
    headers.add(ERROR_CLASS, utf8(error.getClass().getName()));
    headers.add(SOURCE_TOPIC, utf8(record.topic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
    return publisher.send(new ProducerRecord<>(record.topic() + ".dlq", null, record.key(), record.value(), headers)).then();
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
