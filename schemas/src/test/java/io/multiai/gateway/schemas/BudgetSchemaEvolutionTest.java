package io.multiai.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Budgets (issue 17) add the reserved cost ceiling to QueryRequest. A rolling upgrade runs both builds at
 * once: a request of the previous build reads with no ceiling (no budget applies, as before), and a
 * previous-build worker reads a request with a ceiling and ignores it.
 */
class BudgetSchemaEvolutionTest {

  @Test
  void givenARequestOfThePreviousBuild_whenReadNow_thenItHasNoCostCeiling() throws Exception {
    Schema v3 = history("QueryRequest-v3.avsc");
    GenericRecord old = new GenericData.Record(v3);
    old.put("requestId", "r-1");
    old.put("query", "hello");
    old.put("costPriority", new GenericData.EnumSymbol(v3.getField("costPriority").schema(), "CHEAP"));
    old.put("createdAtMs", 42L);
    old.put("messages", java.util.List.of());
    old.put("stream", true);

    QueryRequest read = AvroSerde.of(QueryRequest.class).decode(encode(v3, old));

    assertThat(read.getQuery()).isEqualTo("hello");
    assertThat(read.getStream()).isTrue();
    assertThat(read.getCostCeilingUsd()).isNull();
  }

  @Test
  void givenARequestWithACeiling_whenThePreviousBuildReadsIt_thenItIgnoresTheCeiling() throws Exception {
    QueryRequest current = QueryRequest.newBuilder().setRequestId("r-2").setQuery("hola").setCreatedAtMs(7L)
        .setCostCeilingUsd(0.0125).build();
    byte[] written = AvroSerde.of(QueryRequest.class).encode(current);

    BinaryMessageDecoder<GenericRecord> reader = new BinaryMessageDecoder<>(GenericData.get(), history("QueryRequest-v3.avsc"));
    reader.addSchema(QueryRequest.getClassSchema());
    GenericRecord read = reader.decode(written);

    assertThat(read.get("query").toString()).isEqualTo("hola");
    assertThat(read.getSchema().getField("costCeilingUsd")).isNull();
  }

  @Test
  void givenARequestWithACeiling_whenReadNow_thenTheCeilingSurvives() {
    QueryRequest current = QueryRequest.newBuilder().setRequestId("r-3").setQuery("q").setCreatedAtMs(1L)
        .setCostCeilingUsd(0.05).build();
    AvroSerde<QueryRequest> serde = AvroSerde.of(QueryRequest.class);

    assertThat(serde.decode(serde.encode(current)).getCostCeilingUsd()).isEqualTo(0.05);
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static Schema history(String file) throws Exception {
    try (InputStream in = BudgetSchemaEvolutionTest.class.getResourceAsStream("/avro-history/" + file)) {
      return new Schema.Parser().parse(in);
    }
  }
}
