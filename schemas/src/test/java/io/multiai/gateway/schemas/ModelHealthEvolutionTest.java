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

class ModelHealthEvolutionTest {

  @Test
  void aReportWrittenBeforeCircuitStatesExistedReadsWithNoCircuitState() throws Exception {
    Schema v1 = v1();
    GenericRecord old = new GenericData.Record(v1);
    old.put("model", "gpt-5");
    old.put("provider", "openai");
    old.put("available", false);
    old.put("reason", "invalid API key");
    old.put("reportedBy", "router-worker-1");
    old.put("updatedAtMs", 5L);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    ModelHealth read = AvroSerde.of(ModelHealth.class).decode(bytes);

    assertThat(read.getAvailable()).isFalse();
    assertThat(read.getReason()).isEqualTo("invalid API key");
    assertThat(read.getCircuitState()).isNull();
    assertThat(read.getRetryAtMs()).isNull();
  }

  @Test
  void anOldReaderReadsANewReportAndIgnoresTheCircuitFields() throws Exception {
    ModelHealth current = ModelHealth.newBuilder().setModel("gpt-5").setProvider("openai").setAvailable(false)
        .setReason("circuit open").setReportedBy("w").setUpdatedAtMs(7L).setCircuitState("OPEN").setRetryAtMs(9L).build();
    byte[] bytes = AvroSerde.of(ModelHealth.class).encode(current);

    BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), v1());
    oldReader.addSchema(ModelHealth.getClassSchema());
    GenericRecord read = oldReader.decode(bytes);

    assertThat(read.get("available")).isEqualTo(false);
    assertThat(read.get("reason").toString()).isEqualTo("circuit open");
    assertThat(read.getSchema().getField("circuitState")).isNull();
  }

  private Schema v1() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/avro-history/ModelHealth-v1.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }
}
