package io.multiai.gateway.providers.anthropic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.FinishReasons;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.ErrorBody;
import io.multiai.gateway.providers.http.HttpFailures;
import io.multiai.gateway.providers.http.HttpReply;
import io.multiai.gateway.providers.http.Json;
import io.multiai.gateway.providers.http.JsonText;
import io.multiai.gateway.providers.http.RateLimitHeaders;
import io.multiai.gateway.providers.http.RetryAfter;
import tools.jackson.databind.JsonNode;

/** Reads a Messages API answer: a {@code Message} on success, an {@code ErrorResponse} otherwise. */
final class AnthropicReplies {

  private static final RateLimitHeaders RATE_LIMIT_HEADERS =
      new RateLimitHeaders(List.of("anthropic-ratelimit-"), List.of("retry-after"));

  private final Clock clock;

  AnthropicReplies(Clock clock) {
    this.clock = clock;
  }

  ProviderResponse read(Call call, HttpReply reply) {
    if (!reply.successful()) {
      throw failure(call, reply);
    }
    JsonNode message = Json.objectBody(call, reply);
    JsonNode content = message.path("content");
    if (!content.isArray()) {
      throw call.invalidResponse(reply.status(), "answer has no content array");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> toolCalls = new ArrayList<>();
    for (JsonNode block : content) {
      String type = Json.text(block.path("type"));
      if ("text".equals(type) && Json.text(block.path("text")) != null) {
        text.append(Json.text(block.path("text")));
      } else if ("tool_use".equals(type) && Json.text(block.path("name")) != null) {
        toolCalls.add(new ToolCall(Json.text(block.path("id")), Json.text(block.path("name")),
            block.path("input").isObject() ? JsonText.of(block.path("input")) : "{}"));
      }
    }
    String stopReason = Json.text(message.path("stop_reason"));
    // Billed even when unusable: a refusal, or max_tokens reached before any text (extended thinking).
    Usage billed = message.path("usage").isObject() ? usage(message.path("usage")) : null;
    if ("refusal".equals(stopReason)) {
      throw call.contentBlocked(reply.status(), "model refused to answer (stop_reason refusal)", billed);
    }
    if (text.toString().isBlank() && toolCalls.isEmpty()) {
      throw call.invalidResponse(reply.status(), "answer has no text content (stop_reason " + stopReason + ")", billed);
    }
    return new ProviderResponse(call.model(), text.toString(), toolCalls, usage(message.path("usage")),
        FinishReasons.fromAnthropic(stopReason), false);
  }

  /**
   * Anthropic's {@code input_tokens} counts only the tokens after the last cache breakpoint: the total
   * input is that plus cache reads plus cache writes.
   */
  static Usage usage(JsonNode usage) {
    long uncached = Json.count(usage.path("input_tokens"));
    long cacheRead = Json.count(usage.path("cache_read_input_tokens"));
    long cacheWrite = Json.count(usage.path("cache_creation_input_tokens"));
    return new Usage(uncached + cacheRead + cacheWrite, Json.count(usage.path("output_tokens")), cacheRead, 0);
  }

  /**
   * Anthropic's own reading of a failure, or null to classify by status. Overload is announced by the
   * error type as well as by 529: trust the type whatever the status. An input longer than the window is
   * a 400 {@code invalid_request_error} whose message says "prompt is too long: N tokens > M maximum"
   * (or that input length and {@code max_tokens} exceed the context limit).
   */
  static ErrorType type(int status, ErrorBody body) {
    if ("overloaded_error".equals(body.code())) {
      return ErrorType.OVERLOADED;
    }
    String message = body.message() == null ? "" : body.message().toLowerCase(java.util.Locale.ROOT);
    if (status == 400 && (message.contains("prompt is too long") || message.contains("exceed context limit")
        || message.contains("exceeds the context window"))) {
      return ErrorType.CONTEXT_LENGTH_EXCEEDED;
    }
    return null;
  }

  /** The typed failure of a non-2xx answer (a stream's too: its errors before the stream are plain JSON). */
  ProviderException failure(Call call, HttpReply reply) {
    JsonNode json = Json.tryParse(reply.body());
    JsonNode error = json == null ? null : json.path("error");
    ErrorBody body = error == null ? ErrorBody.NONE
        : new ErrorBody(Json.text(error.path("type")), Json.text(error.path("message")));
    ErrorType type = type(reply.status(), body);
    return HttpFailures.of(call, reply, type, body,
        reply.header("retry-after").flatMap(v -> RetryAfter.parse(v, clock)).orElse(null), RATE_LIMIT_HEADERS);
  }
}
