package io.multiai.gateway.providers;

import java.util.List;
import java.util.Objects;

/**
 * One chat completion call, in OpenAI Chat Completions' terms ({@code CreateChatCompletionRequest} in
 * ../shared/specs/openai-openapi.yaml, the subset the gateway passes on); each client translates it to its
 * provider's format without losing any of it. Message and tool text is user text: it must never reach a log
 * line or a metric ({@link #toString()} prints counts only).
 *
 * @param model the provider's model id; null only in a template a router fills per candidate ({@link #withModel})
 * @param messages the conversation, oldest first; at least one
 * @param maxTokens the output budget (reasoning included where the provider counts it there); 0 or less for the
 *     provider's configured default
 * @param temperature sampling temperature, null for the provider's default
 * @param topP nucleus sampling, null for the provider's default
 * @param stop stop sequences (never null; OpenAI takes at most 4)
 * @param tools functions the model may call (never null)
 * @param toolChoice null for the provider's default (auto when tools are given)
 * @param responseFormat null for plain text
 */
public record ProviderRequest(String requestId, String model, List<ChatMessage> messages, int maxTokens,
    Double temperature, Double topP, List<String> stop, List<ToolDefinition> tools, ToolChoice toolChoice,
    ResponseFormat responseFormat) {

  public ProviderRequest {
    Objects.requireNonNull(messages, "messages");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a provider request needs at least one message");
    }
    messages = List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** One user message and the providers' defaults for everything else: today's /api/ai/route and the ensemble. */
  public static ProviderRequest ofPrompt(String requestId, String model, String prompt, int maxTokens) {
    return new ProviderRequest(requestId, model, List.of(ChatMessage.user(prompt)), maxTokens, null, null, List.of(),
        List.of(), null, null);
  }

  /** The same request for another model (a candidate of a route's fallback chain). */
  public ProviderRequest withModel(String otherModel) {
    return new ProviderRequest(requestId, otherModel, messages, maxTokens, temperature, topP, stop, tools, toolChoice,
        responseFormat);
  }

  /**
   * Every piece of user-supplied text in the request (message contents, tool call arguments): what a provider's
   * error message must not echo (see {@code http.Call}), and what the simulator sizes its answer by.
   */
  public List<String> texts() {
    return messages.stream()
        .flatMap(m -> java.util.stream.Stream.concat(java.util.stream.Stream.ofNullable(m.content()),
            m.toolCalls().stream().map(ToolCall::arguments)))
        .toList();
  }

  /** The characters of all message text: a size, safe to log. */
  public int textChars() {
    return texts().stream().mapToInt(String::length).sum();
  }

  @Override
  public String toString() {
    return "ProviderRequest[requestId=" + requestId + ", model=" + model + ", messages=" + messages.size()
        + ", textChars=" + textChars() + ", maxTokens=" + maxTokens + ", temperature=" + temperature + ", topP=" + topP
        + ", stop=" + stop.size() + ", tools=" + tools.size() + ", toolChoice=" + toolChoice + ", responseFormat="
        + (responseFormat == null ? null : responseFormat.kind()) + "]";
  }
}
