package io.multiai.gateway.aggregator.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.common.windows.WindowAccumulator;
import io.multiai.gateway.schemas.MetricEvent;

class PartialsTest {

  private final Serde<Partials> serde = Partials.serde(new Topics(TopicNames.defaults()).metricWindows().valueSerde());

  @Test
  void givenPartsOfEveryKindWhenWrittenAndReadThenTheyAreTheSame() {
    MetricEvent call = MetricEvent.newBuilder().setRequestId("r").setModel("gpt-5").setProvider("openai").setLatencyMs(250)
        .setInputTokens(10).setOutputTokens(20).setCostUsd(0.01).setSuccess(true).setTimestampMs(0).build();
    Partials partials = new Partials(List.of(
        new Partials.Part(Partials.Kind.TOTAL, 0, 0, 1_000, new WindowAccumulator(true).add(call).toAvro()),
        new Partials.Part(Partials.Kind.WINDOW, 60_000, 960_000, 1_010, new WindowAccumulator(true).add(call).add(call).toAvro()),
        new Partials.Part(Partials.Kind.BUCKET, 10_000, 990_000, 1_020, new WindowAccumulator(false).add(call).toAvro())));

    Partials read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", partials));

    assertThat(read).isEqualTo(partials);
  }

  @Test
  void givenBytesOfAnotherVersionThenReadingFailsLoudly() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0, 0, 0}))
        .isInstanceOf(SerializationException.class);
  }
}
