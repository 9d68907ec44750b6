package io.multiai.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI edge's additions (issue 14): a conversation, generation options and a stream flag on
 * QueryRequest; tool calls, finish reason and usage details on QueryResponse. Both directions: records
 * left on a topic by the previous build read with defaults, and a previous build reads new records
 * ignoring what it does not know (a rolling upgrade runs both at once).
 */
class ChatSchemaEvolutionTest {

  @Test
  void aRequestWrittenBeforeChatFieldsExistedReadsAsAPlainQueryWithNoMessagesAndNoStreaming() throws Exception {
    Schema v2 = history("QueryRequest-v2.avsc");
    GenericRecord old = new GenericData.Record(v2);
    old.put("requestId", "r-1");
    old.put("query", "hello");
    old.put("costPriority", new GenericData.EnumSymbol(v2.getField("costPriority").schema(), "CHEAP"));
    old.put("createdAtMs", 42L);

    QueryRequest read = AvroSerde.of(QueryRequest.class).decode(encode(v2, old));

    assertThat(read.getQuery()).isEqualTo("hello");
    assertThat(read.getMessages()).isEmpty();
    assertThat(read.getGeneration()).isNull();
    assertThat(read.getStream()).isFalse();
  }

  @Test
  void aPreviousBuildReadsAChatRequestAndIgnoresTheConversationFields() throws Exception {
    QueryRequest current = QueryRequest.newBuilder().setRequestId("r-2").setQuery("hola").setCreatedAtMs(7L)
        .setMessages(List.of(ChatTurn.newBuilder().setRole("user").setContent("hola").build(),
            ChatTurn.newBuilder().setRole("assistant").setContent(null)
                .setToolCalls(List.of(new ToolInvocation("call_1", "weather", "{\"city\":\"Oslo\"}"))).build()))
        .setGeneration(GenerationOptions.newBuilder().setMaxTokens(64).setTemperature(0.2).setStop(List.of("\n\n"))
            .setTools(List.of(ToolSpec.newBuilder().setName("weather").setParameters("{\"type\":\"object\"}").build()))
            .setToolChoice("auto").setResponseFormat("json_object").build())
        .setStream(true)
        .build();
    byte[] written = AvroSerde.of(QueryRequest.class).encode(current);

    GenericRecord read = oldReader(history("QueryRequest-v2.avsc"), QueryRequest.getClassSchema()).decode(written);

    assertThat(read.get("query").toString()).isEqualTo("hola");
    assertThat(read.getSchema().getField("messages")).isNull();
  }

  @Test
  void aResponseWrittenBeforeToolCallsExistedReadsWithNoToolCallsAndNoFinishReason() throws Exception {
    Schema v2 = history("QueryResponse-v2.avsc");
    GenericRecord old = new GenericData.Record(v2);
    old.put("requestId", "r-3");
    old.put("answer", "hi");
    old.put("complexity", new GenericData.EnumSymbol(v2.getField("complexity").schema(), "LOW"));
    old.put("inputTokens", 3L);
    old.put("outputTokens", 4L);
    old.put("latencyMs", 5L);
    old.put("attempts", List.of());
    old.put("simulated", false);

    QueryResponse read = AvroSerde.of(QueryResponse.class).decode(encode(v2, old));

    assertThat(read.getAnswer()).isEqualTo("hi");
    assertThat(read.getToolCalls()).isEmpty();
    assertThat(read.getFinishReason()).isNull();
    assertThat(read.getCachedInputTokens()).isZero();
    assertThat(read.getReasoningTokens()).isZero();
  }

  @Test
  void aPreviousBuildReadsAResponseWithToolCallsAndIgnoresThem() throws Exception {
    QueryResponse current = QueryResponse.newBuilder().setRequestId("r-4").setAnswer(null)
        .setToolCalls(List.of(new ToolInvocation("call_9", "lookup", "{}"))).setFinishReason("tool_calls")
        .setCachedInputTokens(2).setReasoningTokens(5).build();
    byte[] written = AvroSerde.of(QueryResponse.class).encode(current);

    GenericRecord read = oldReader(history("QueryResponse-v2.avsc"), QueryResponse.getClassSchema()).decode(written);

    assertThat(read.get("requestId").toString()).isEqualTo("r-4");
    assertThat(read.getSchema().getField("toolCalls")).isNull();
  }

  @Test
  void streamDeltasAndTheirEndMarkerRoundTrip() {
    StreamDelta text = StreamDelta.newBuilder().setRequestId("r").setSequence(0).setText("Hel").build();
    StreamDelta tool = StreamDelta.newBuilder().setRequestId("r").setSequence(1)
        .setToolCall(ToolCallChunk.newBuilder().setIndex(0).setId("call_1").setName("f").setArgumentsDelta("{\"a\"").build()).build();
    StreamDelta end = StreamDelta.newBuilder().setRequestId("r").setSequence(2)
        .setEnd(StreamEnd.newBuilder().setFinishReason("stop").setModel("gpt-5-mini").setProvider("openai")
            .setInputTokens(3).setOutputTokens(4).setCostUsd(1e-5).setAttempts(List.of()).build()).build();
    AvroSerde<StreamDelta> serde = AvroSerde.of(StreamDelta.class);

    for (StreamDelta delta : List.of(text, tool, end)) {
      assertThat(serde.decode(serde.encode(delta))).isEqualTo(delta);
    }
  }

  private static BinaryMessageDecoder<GenericRecord> oldReader(Schema old, Schema writer) {
    BinaryMessageDecoder<GenericRecord> reader = new BinaryMessageDecoder<>(GenericData.get(), old);
    reader.addSchema(writer);
    return reader;
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static Schema history(String file) throws Exception {
    try (InputStream in = ChatSchemaEvolutionTest.class.getResourceAsStream("/avro-history/" + file)) {
      return new Schema.Parser().parse(in);
    }
  }
}
