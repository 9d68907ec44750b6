package io.multiai.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  private final Schema v1 = load("/evolution/QueryRequest-v1.avsc");
  private final Schema v2 = QueryRequest.getClassSchema();

  @Test
  void aRecordWrittenWithTheOldSchemaIsReadByTheNewOneWithDefaultsForAddedFields() throws Exception {
    GenericRecord old = new GenericData.Record(v1);
    old.put("requestId", "r-1");
    old.put("query", "hello");
    old.put("costPriority", new GenericData.EnumSymbol(v1.getField("costPriority").schema(), "CHEAP"));
    old.put("createdAtMs", 42L);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);

    QueryRequest read = new AvroSerde<>(QueryRequest.class, List.of(v1)).decode(bytes(written));

    assertThat(read.getRequestId()).isEqualTo("r-1");
    assertThat(read.getCostPriority()).isEqualTo(CostPriority.CHEAP);
    assertThat(read.getProvider()).isNull();
    assertThat(read.getFallback()).isNull();
    assertThat(read.getUserIdHash()).isNull();
  }

  @Test
  void aRecordWrittenWithTheNewSchemaIsReadByTheOldOneIgnoringAddedFields() throws Exception {
    QueryRequest current = QueryRequest.newBuilder()
        .setRequestId("r-2").setQuery("hola").setCostPriority(CostPriority.QUALITY)
        .setProvider("claude").setUserIdHash("abc").setCreatedAtMs(7L).build();
    byte[] written = AvroSerde.of(QueryRequest.class).encode(current);

    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(v2);
    GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v1, store).decode(written);

    assertThat(read.get("requestId").toString()).isEqualTo("r-2");
    assertThat(read.get("costPriority").toString()).isEqualTo("QUALITY");
    assertThat(read.getSchema().getField("provider")).isNull();
  }

  @Test
  void aRecordFromAnUnknownSchemaIsASerializationErrorNotACrash() {
    AvroSerde<QueryRequest> serde = AvroSerde.of(QueryRequest.class);

    assertThatThrownBy(() -> serde.decode("not avro at all".getBytes()))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void everyTopicRecordRoundTrips() {
    MetricEvent event = MetricEvent.newBuilder().setRequestId("r").setModel("m").setProvider("p")
        .setLatencyMs(3).setInputTokens(1).setOutputTokens(2).setCostUsd(0.5).setSuccess(true)
        .setTimestampMs(9).build();

    assertThat(AvroSerde.of(MetricEvent.class).decode(AvroSerde.of(MetricEvent.class).encode(event))).isEqualTo(event);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static Schema load(String resource) {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
