package io.multiai.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Records written before the analytics fields existed read with their defaults. */
class AnalyticsSchemaEvolutionTest {

  @Test
  void givenAMetricEventWrittenBeforeConcludingExistedThenItReadsAsAConcludingCallWithoutCacheHit() throws Exception {
    Schema v1 = history("MetricEvent-v1.avsc");
    GenericRecord old = new GenericData.Record(v1);
    old.put("requestId", "r-1");
    old.put("model", "gpt-5");
    old.put("provider", "openai");
    old.put("latencyMs", 120L);
    old.put("inputTokens", 1L);
    old.put("outputTokens", 2L);
    old.put("costUsd", 0.5);
    old.put("success", true);
    old.put("errorType", null);
    old.put("complexity", new GenericData.EnumSymbol(v1.getField("complexity").schema(), "HIGH"));
    old.put("costPriority", new GenericData.EnumSymbol(v1.getField("costPriority").schema(), "CHEAP"));
    old.put("userIdHash", null);
    old.put("simulated", false);
    old.put("timestampMs", 42L);

    MetricEvent read = AvroSerde.of(MetricEvent.class).decode(encode(v1, old));

    assertThat(read.getConcluding()).as("before fallbacks were marked, each event was read as a query").isTrue();
    assertThat(read.getCacheHit()).isFalse();
    assertThat(read.getComplexity()).isEqualTo(Complexity.HIGH);
  }

  @Test
  void givenAMetricWindowWrittenBeforeQueriesAndSketchesExistedThenItReadsWithEmptyDefaults() throws Exception {
    Schema v2 = history("MetricWindow-v2.avsc");
    GenericRecord old = new GenericData.Record(v2);
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
    old.put("unknownCostCount", 1L);

    MetricWindow read = AvroSerde.of(MetricWindow.class).decode(encode(v2, old));

    assertThat(read.getCount()).isEqualTo(2);
    assertThat(read.getDimension()).isEqualTo("model");
    assertThat(read.getQueries()).isZero();
    assertThat(read.getFailuresByType()).isEmpty();
    assertThat(read.getLatency().getBuckets().remaining()).isZero();
    assertThat(read.getLatency().getRelativeAccuracy()).isEqualTo(0.005);
  }

  private static Schema history(String file) throws Exception {
    try (InputStream in = AnalyticsSchemaEvolutionTest.class.getResourceAsStream("/avro-history/" + file)) {
      return new Schema.Parser().parse(in);
    }
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);
    return bytes;
  }
}
