package io.multiai.gateway.providers.openai;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.ErrorBody;
import io.multiai.gateway.providers.http.HttpFailures;
import io.multiai.gateway.providers.http.HttpReply;
import io.multiai.gateway.providers.http.Json;
import io.multiai.gateway.providers.http.RateLimitHeaders;
import io.multiai.gateway.providers.http.RetryAfter;
import tools.jackson.databind.JsonNode;

/**
 * Reads a chat completion answer ({@code CreateChatCompletionResponse}) or an {@code ErrorResponse}.
 * Lenient where OpenAI-compatible servers (vLLM, Ollama) differ: usage details may be absent and errors
 * may be a bare string.
 */
final class OpenAiReplies {

  private static final RateLimitHeaders RATE_LIMIT_HEADERS =
      new RateLimitHeaders(List.of("x-ratelimit-"), List.of("retry-after", "retry-after-ms"));

  private final Clock clock;

  OpenAiReplies(Clock clock) {
    this.clock = clock;
  }

  ProviderResponse read(Call call, HttpReply reply) {
    if (!reply.successful()) {
      throw failure(call, reply);
    }
    JsonNode completion = Json.objectBody(call, reply);
    // Billed even when unusable: a refusal or an empty answer after the whole budget went to reasoning.
    Usage billed = reportedUsage(completion.path("usage"));
    JsonNode choices = completion.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      throw call.invalidResponse(reply.status(), "answer has no choices", billed);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    String finishReason = Json.text(choice.path("finish_reason"));
    String refusal = Json.text(message.path("refusal"));
    if (refusal != null && !refusal.isBlank()) {
      throw call.contentBlocked(reply.status(), "model refused to answer", billed);
    }
    if ("content_filter".equals(finishReason)) {
      throw call.contentBlocked(reply.status(), "answer withheld by the content filter (finish_reason content_filter)",
          billed);
    }
    String text = Json.text(message.path("content"));
    List<ToolCall> toolCalls = toolCalls(message.path("tool_calls"));
    if ((text == null || text.isBlank()) && toolCalls.isEmpty()) {
      throw call.invalidResponse(reply.status(), "answer has no text content (finish_reason " + finishReason + ")",
          billed);
    }
    return new ProviderResponse(call.model(), text, toolCalls, usage(completion.path("usage")), finishReason, false);
  }

  /** {@code ChatCompletionMessageToolCalls}: function calls, arguments as the JSON text the model wrote. */
  private static List<ToolCall> toolCalls(JsonNode calls) {
    List<ToolCall> out = new ArrayList<>();
    for (JsonNode call : calls) {
      JsonNode function = call.path("function");
      String name = Json.text(function.path("name"));
      if (name != null) {
        out.add(new ToolCall(Json.text(call.path("id")), name, Json.text(function.path("arguments"))));
      }
    }
    return out;
  }

  /** The typed failure of a non-2xx answer (a stream's too: OpenAI answers those with a JSON error body). */
  ProviderException failureOf(Call call, HttpReply reply) {
    return failure(call, reply);
  }

  /** {@code completion_tokens} already includes the reasoning tokens, {@code prompt_tokens} the cached ones. */
  static Usage usage(JsonNode usage) {
    return new Usage(
        Json.count(usage.path("prompt_tokens")),
        Json.count(usage.path("completion_tokens")),
        Json.count(usage.path("prompt_tokens_details").path("cached_tokens")),
        Json.count(usage.path("completion_tokens_details").path("reasoning_tokens")));
  }

  /** The usage of an unusable answer, or null when the answer reported none (compatible servers may not). */
  private static Usage reportedUsage(JsonNode usage) {
    return usage.isObject() ? usage(usage) : null;
  }

  private ProviderException failure(Call call, HttpReply reply) {
    ErrorBody body = errorBody(reply);
    ErrorType type = type(reply.status(), body);
    return HttpFailures.of(call, reply, type, body, retryAfter(reply), RATE_LIMIT_HEADERS);
  }

  /**
   * OpenAI's own reading of a failure, or null to classify by status. A 429 for an exhausted quota or
   * billing limit does not clear by waiting. An input longer than the model's window is a 400 with code
   * {@code context_length_exceeded} ("This model's maximum context length is … tokens"; compatible servers
   * send only the message). A prompt the usage policies reject is a 400 with code {@code invalid_prompt}
   * or {@code content_policy_violation} (Azure: {@code content_filter}).
   */
  static ErrorType type(int status, ErrorBody body) {
    String code = body.code() == null ? "" : body.code();
    String message = body.message() == null ? "" : body.message().toLowerCase(java.util.Locale.ROOT);
    if ("insufficient_quota".equals(code)) {
      return ErrorType.PERMISSION;
    }
    if (status != 400 && status != 413 && status != 422) {
      return null;
    }
    if ("context_length_exceeded".equals(code) || "string_above_max_length".equals(code)
        || message.contains("maximum context length") || message.contains("context length exceeded")) {
      return ErrorType.CONTEXT_LENGTH_EXCEEDED;
    }
    if ("invalid_prompt".equals(code) || "content_policy_violation".equals(code) || "content_filter".equals(code)) {
      return ErrorType.CONTENT_BLOCKED;
    }
    return null;
  }

  /** OpenAI's SDKs prefer the millisecond header when both are sent. */
  private Duration retryAfter(HttpReply reply) {
    return reply.header("retry-after-ms").flatMap(RetryAfter::millis)
        .or(() -> reply.header("retry-after").flatMap(v -> RetryAfter.parse(v, clock)))
        .orElse(null);
  }

  private static ErrorBody errorBody(HttpReply reply) {
    JsonNode json = Json.tryParse(reply.body());
    if (json == null || !json.isObject()) {
      return ErrorBody.NONE;
    }
    JsonNode error = json.path("error");
    if (error.isObject()) {
      String code = Json.text(error.path("code"));
      return new ErrorBody(code != null ? code : Json.text(error.path("type")), Json.text(error.path("message")));
    }
    if (error.isString()) {
      return new ErrorBody(null, error.stringValue()); // Ollama: {"error": "..."}
    }
    return new ErrorBody(Json.text(json.path("type")), Json.text(json.path("message"))); // vLLM: {"object": "error", ...}
  }
}
