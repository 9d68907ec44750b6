package io.multiai.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class MetricEventEvolutionTest {

  @Test
  void anEventWrittenBeforeCacheHitExistedReadsAsAProviderCall() throws Exception {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/MetricEvent-v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v1);
    old.put("requestId", "r-1");
    old.put("model", "gpt-5");
    old.put("provider", "openai");
    old.put("latencyMs", 12L);
    old.put("inputTokens", 3L);
    old.put("outputTokens", 4L);
    old.put("success", true);
    old.put("complexity", new GenericData.EnumSymbol(v1.getField("complexity").schema(), "LOW"));
    old.put("costPriority", new GenericData.EnumSymbol(v1.getField("costPriority").schema(), "CHEAP"));
    old.put("simulated", false);
    old.put("timestampMs", 1L);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    MetricEvent read = AvroSerde.of(MetricEvent.class).decode(bytes);

    assertThat(read.getModel()).isEqualTo("gpt-5");
    assertThat(read.getCacheHit()).isFalse();
  }

  @Test
  void anEventWrittenBeforeThePriceListWasVersionedReadsAsListPricedWithNoVersion() throws Exception {
    Schema v2;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/MetricEvent-v2.avsc")) {
      v2 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v2);
    old.put("requestId", "r-2");
    old.put("model", "gpt-5");
    old.put("provider", "openai");
    old.put("latencyMs", 12L);
    old.put("inputTokens", 3L);
    old.put("outputTokens", 4L);
    old.put("costUsd", 0.5);
    old.put("success", true);
    old.put("complexity", new GenericData.EnumSymbol(v2.getField("complexity").schema(), "LOW"));
    old.put("costPriority", new GenericData.EnumSymbol(v2.getField("costPriority").schema(), "CHEAP"));
    old.put("simulated", false);
    old.put("timestampMs", 1L);
    old.put("concluding", true);
    old.put("cacheHit", false);
    old.put("ensemble", false);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    MetricEvent read = AvroSerde.of(MetricEvent.class).decode(bytes);

    assertThat(read.getCostUsd()).isEqualTo(0.5);
    assertThat(read.getCostEstimated()).isFalse();
    assertThat(read.getPricesVersion()).isNull();
  }

  @Test
  void anEventWrittenBeforeBatchesExistedReadsAsInteractive() throws Exception {
    Schema v3;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/MetricEvent-v3.avsc")) {
      v3 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v3);
    old.put("requestId", "r-3");
    old.put("model", "gpt-5");
    old.put("provider", "openai");
    old.put("latencyMs", 12L);
    old.put("inputTokens", 3L);
    old.put("outputTokens", 4L);
    old.put("costUsd", 0.5);
    old.put("success", true);
    old.put("complexity", new GenericData.EnumSymbol(v3.getField("complexity").schema(), "LOW"));
    old.put("costPriority", new GenericData.EnumSymbol(v3.getField("costPriority").schema(), "CHEAP"));
    old.put("simulated", false);
    old.put("timestampMs", 1L);
    old.put("concluding", true);
    old.put("cacheHit", false);
    old.put("ensemble", false);
    old.put("costEstimated", false);
    old.put("pricesVersion", "2025-11");
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    MetricEvent read = AvroSerde.of(MetricEvent.class).decode(bytes);

    assertThat(read.getPricesVersion()).isEqualTo("2025-11");
    assertThat(read.getBatch()).isFalse();
  }
}
