package io.multiai.gateway.providers;

import java.util.List;
import java.util.Objects;

import io.multiai.gateway.common.catalog.Usage;

/**
 * A usable answer: text, tool calls or both (never neither; the clients fail an answer with neither as
 * {@link ErrorType#INVALID_RESPONSE}), and the usage the provider reported for it.
 *
 * @param text the answer's text; empty (never null) when the answer only calls tools. Model output: never logged.
 * @param toolCalls the tools the model called, in order (never null)
 * @param finishReason in OpenAI's vocabulary whatever the provider: {@code stop}, {@code length},
 *     {@code tool_calls}, {@code content_filter} (see {@link FinishReasons}); null when the provider gave none
 */
public record ProviderResponse(String model, String text, List<ToolCall> toolCalls, Usage usage, String finishReason,
    boolean simulated) {

  public ProviderResponse {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    Objects.requireNonNull(usage, "usage");
  }

  /** A text answer without tool calls. */
  public ProviderResponse(String model, String text, Usage usage, String finishReason, boolean simulated) {
    this(model, text, List.of(), usage, finishReason, simulated);
  }

  @Override
  public String toString() {
    return "ProviderResponse[model=" + model + ", chars=" + text.length() + ", toolCalls=" + toolCalls.size()
        + ", usage=" + usage + ", finishReason=" + finishReason + ", simulated=" + simulated + "]";
  }
}
