package io.multiai.gateway.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.ToolCall;

/** Puts a stream's chunks back together as the answer a plain call gives, checking the stream's shape on the way. */
public final class StreamedAnswer {

  private StreamedAnswer() {}

  /**
   * The answer the chunks add up to: text deltas concatenated, each tool call's id and name from its first delta
   * and its arguments from all of them, finish reason and usage from the Finish, which must be last and alone.
   */
  public static ProviderResponse of(String model, List<ProviderChunk> chunks, boolean simulated) {
    assertThat(chunks).as("a stream ends with exactly one Finish").isNotEmpty();
    assertThat(chunks.get(chunks.size() - 1)).isInstanceOf(ProviderChunk.Finish.class);
    assertThat(chunks.stream().filter(ProviderChunk.Finish.class::isInstance)).hasSize(1);
    StringBuilder text = new StringBuilder();
    TreeMap<Integer, String[]> calls = new TreeMap<>();
    for (ProviderChunk chunk : chunks) {
      if (chunk instanceof ProviderChunk.TextDelta delta) {
        assertThat(delta.text()).isNotEmpty();
        text.append(delta.text());
      } else if (chunk instanceof ProviderChunk.ToolCallDelta delta) {
        String[] call = calls.get(delta.index());
        if (call == null) {
          assertThat(delta.id()).as("the first delta of a tool call names it").isNotNull();
          assertThat(delta.name()).isNotNull();
          calls.put(delta.index(), new String[] {delta.id(), delta.name(), delta.argumentsDelta()});
        } else {
          call[2] += delta.argumentsDelta();
        }
      }
    }
    List<ToolCall> toolCalls = new ArrayList<>();
    calls.values().forEach(call -> toolCalls.add(new ToolCall(call[0], call[1], call[2])));
    ProviderChunk.Finish finish = (ProviderChunk.Finish) chunks.get(chunks.size() - 1);
    return new ProviderResponse(model, text.toString(), toolCalls, finish.usage(), finish.finishReason(), simulated);
  }
}
