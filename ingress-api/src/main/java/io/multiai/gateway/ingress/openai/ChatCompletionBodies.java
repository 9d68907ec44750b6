package io.multiai.gateway.ingress.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.StreamDelta;
import io.multiai.gateway.schemas.StreamEnd;
import io.multiai.gateway.schemas.ToolCallChunk;
import io.multiai.gateway.schemas.ToolInvocation;

/**
 * OpenAI's answer objects (../shared/specs/openai-openapi.yaml): {@code CreateChatCompletionResponse}
 * ({@code chat.completion}) and {@code CreateChatCompletionStreamResponse} ({@code chat.completion.chunk}).
 * Token counts are the answering model's; {@code model} is the model that actually answered.
 */
final class ChatCompletionBodies {

  private ChatCompletionBodies() {}

  /** {@code chatcmpl-} and the gateway's request id (its x-request-id), so a completion can be traced. */
  static String id(String requestId) {
    return "chatcmpl-" + requestId;
  }

  static Map<String, Object> completion(String id, long created, QueryResponse reply) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", reply.getToolCalls().isEmpty() || (reply.getAnswer() != null && !reply.getAnswer().isEmpty())
        ? reply.getAnswer() : null);
    if (!reply.getToolCalls().isEmpty()) {
      List<Map<String, Object>> calls = new ArrayList<>();
      for (ToolInvocation call : reply.getToolCalls()) {
        calls.add(Map.of("id", call.getId(), "type", "function",
            "function", Map.of("name", call.getName(), "arguments", call.getArguments())));
      }
      message.put("tool_calls", calls);
    }
    message.put("refusal", null);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason(reply.getFinishReason(), !reply.getToolCalls().isEmpty()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("object", "chat.completion");
    body.put("created", created);
    body.put("model", reply.getModel());
    body.put("choices", List.of(choice));
    body.put("usage", usage(reply.getInputTokens(), reply.getOutputTokens(), reply.getCachedInputTokens(),
        reply.getReasoningTokens()));
    body.put("system_fingerprint", null);
    return body;
  }

  static String finishReason(String reported, boolean toolCalls) {
    if (reported != null) {
      return reported;
    }
    return toolCalls ? "tool_calls" : "stop";
  }

  static Map<String, Object> usage(long input, long output, long cached, long reasoning) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", input);
    usage.put("completion_tokens", output);
    usage.put("total_tokens", input + output);
    usage.put("prompt_tokens_details", Map.of("cached_tokens", cached));
    usage.put("completion_tokens_details", Map.of("reasoning_tokens", reasoning));
    return usage;
  }

  /** A chunk with one choice holding {@code delta} (and the finish reason, or null). */
  static Map<String, Object> chunk(String id, long created, String model, Map<String, Object> delta, String finishReason,
      boolean withUsageNull) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason);
    Map<String, Object> body = head(id, created, model);
    body.put("choices", List.of(choice));
    if (withUsageNull) {
      body.put("usage", null); // with include_usage every chunk but the last has usage: null, as OpenAI sends them
    }
    return body;
  }

  /** The last chunk when include_usage is set: no choices, the whole call's usage. */
  static Map<String, Object> usageChunk(String id, long created, String model, StreamEnd end) {
    Map<String, Object> body = head(id, created, model);
    body.put("choices", List.of());
    body.put("usage", usage(end.getInputTokens(), end.getOutputTokens(), end.getCachedInputTokens(), end.getReasoningTokens()));
    return body;
  }

  private static Map<String, Object> head(String id, long created, String model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("object", "chat.completion.chunk");
    body.put("created", created);
    body.put("model", model);
    body.put("system_fingerprint", null);
    return body;
  }

  /** The delta object of one streamed piece: {@code {content}} or {@code {tool_calls: [one]}}; null for an end. */
  static Map<String, Object> delta(StreamDelta delta) {
    if (delta.getText() != null) {
      return Map.of("content", delta.getText());
    }
    ToolCallChunk call = delta.getToolCall();
    if (call != null) {
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("index", call.getIndex());
      if (call.getId() != null) {
        tool.put("id", call.getId());
        tool.put("type", "function");
      }
      Map<String, Object> function = new LinkedHashMap<>();
      if (call.getName() != null) {
        function.put("name", call.getName());
      }
      function.put("arguments", call.getArgumentsDelta() == null ? "" : call.getArgumentsDelta());
      tool.put("function", function);
      return Map.of("tool_calls", List.of(tool));
    }
    return null;
  }
}
