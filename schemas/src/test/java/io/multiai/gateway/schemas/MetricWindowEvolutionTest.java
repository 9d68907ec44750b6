package io.multiai.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class MetricWindowEvolutionTest {

  @Test
  void aWindowWrittenBeforeUnknownCostCountExistedReadsWithNoUnknownCosts() throws Exception {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/MetricWindow-v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v1);
    old.put("model", "gpt-5");
    old.put("windowSizeMs", 0L);
    old.put("windowStartMs", 0L);
    old.put("windowEndMs", 0L);
    old.put("count", 2L);
    old.put("successes", 1L);
    old.put("costUsd", 0.5);
    old.put("inputTokens", 3L);
    old.put("outputTokens", 4L);
    old.put("latencySumMs", 10L);
    old.put("latencyMaxMs", 7L);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    MetricWindow read = AvroSerde.of(MetricWindow.class).decode(bytes);

    assertThat(read.getCount()).isEqualTo(2);
    assertThat(read.getCostUsd()).isEqualTo(0.5);
    assertThat(read.getUnknownCostCount()).isZero();
  }
}
