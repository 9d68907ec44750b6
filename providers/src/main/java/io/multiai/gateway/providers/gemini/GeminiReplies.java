package io.multiai.gateway.providers.gemini;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

/**
 * Reads a {@code GenerateContentResponse}, or Google's error envelope
 * {@code {"error": {"code", "message", "status", "details"}}}. A blocked prompt still comes as a 200:
 * with {@code promptFeedback.blockReason} and no candidates.
 */
final class GeminiReplies {

  /** Finish reasons meaning the answer was withheld, not that it ended. */
  static final Set<String> BLOCKED_FINISH_REASONS = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
      "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

  private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
  private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
  private static final RateLimitHeaders RATE_LIMIT_HEADERS =
      new RateLimitHeaders(List.of("x-ratelimit-"), List.of("retry-after"));

  private final Clock clock;

  GeminiReplies(Clock clock) {
    this.clock = clock;
  }

  ProviderResponse read(Call call, HttpReply reply) {
    if (!reply.successful()) {
      throw failure(call, reply);
    }
    JsonNode answer = Json.objectBody(call, reply);
    // Billed even when unusable: a blocked prompt counts its input, a blocked or empty candidate its output too.
    Usage billed = answer.path("usageMetadata").isObject() ? usage(answer.path("usageMetadata")) : null;
    String blockReason = Json.text(answer.path("promptFeedback").path("blockReason"));
    if (blockReason != null) {
      throw call.contentBlocked(reply.status(), "prompt blocked (blockReason " + blockReason + ")", billed);
    }
    JsonNode candidates = answer.path("candidates");
    if (!candidates.isArray() || candidates.isEmpty()) {
      throw call.invalidResponse(reply.status(), "answer has no candidates", billed);
    }
    JsonNode candidate = candidates.get(0);
    String finishReason = Json.text(candidate.path("finishReason"));
    if (finishReason != null && BLOCKED_FINISH_REASONS.contains(finishReason)) {
      throw call.contentBlocked(reply.status(), "answer blocked (finishReason " + finishReason + ")", billed);
    }
    String text = text(candidate.path("content").path("parts"));
    List<ToolCall> toolCalls = toolCalls(candidate.path("content").path("parts"), Json.text(answer.path("responseId")), 0);
    if (text.isBlank() && toolCalls.isEmpty()) {
      throw call.invalidResponse(reply.status(), "answer has no text content (finishReason " + finishReason + ")",
          billed);
    }
    return new ProviderResponse(call.model(), text, toolCalls, usage(answer.path("usageMetadata")),
        FinishReasons.fromGemini(finishReason, !toolCalls.isEmpty()), false);
  }

  /** Thought summaries (parts marked {@code thought}) are not the answer. */
  static String text(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : parts) {
      String piece = Json.text(part.path("text"));
      if (piece != null && !part.path("thought").asBoolean(false)) {
        text.append(piece);
      }
    }
    return text.toString();
  }

  /**
   * The {@code functionCall} parts, numbered from {@code firstIndex}. Gemini's Developer API usually gives a call
   * no id; OpenAI's clients need one to answer it, so it is made up from the response id and the call's position
   * (a later tool result finds the function by this id, see {@link GeminiRequestBody}).
   */
  static List<ToolCall> toolCalls(JsonNode parts, String responseId, int firstIndex) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode part : parts) {
      JsonNode functionCall = part.path("functionCall");
      String name = Json.text(functionCall.path("name"));
      if (name == null) {
        continue;
      }
      String id = Json.text(functionCall.path("id"));
      if (id == null) {
        id = "call_" + (responseId == null ? "" : responseId + "_") + (firstIndex + calls.size());
      }
      calls.add(new ToolCall(id, name, functionCall.path("args").isObject() ? JsonText.of(functionCall.path("args")) : "{}"));
    }
    return calls;
  }

  /**
   * {@code promptTokenCount} already includes the cached tokens; thoughts are counted apart from
   * {@code candidatesTokenCount} but billed as output, so they are added to it.
   */
  static Usage usage(JsonNode usage) {
    long thoughts = Json.count(usage.path("thoughtsTokenCount"));
    return new Usage(
        Json.count(usage.path("promptTokenCount")),
        Json.count(usage.path("candidatesTokenCount")) + thoughts,
        Json.count(usage.path("cachedContentTokenCount")),
        thoughts);
  }

  /** The typed failure of a non-2xx answer (a stream's too: its errors are plain JSON). */
  ProviderException failure(Call call, HttpReply reply) {
    JsonNode json = Json.tryParse(reply.body());
    JsonNode error = json == null ? null : json.path("error");
    ErrorBody body = error == null || !error.isObject() ? ErrorBody.NONE
        : new ErrorBody(Json.text(error.path("status")), Json.text(error.path("message")));
    return HttpFailures.of(call, reply, keyRejected(error) ? ErrorType.AUTHENTICATION : type(reply.status(), body), body,
        retryAfter(reply, error), RATE_LIMIT_HEADERS);
  }

  /**
   * Google's own reading of a failure, or null to classify by status: an input longer than the window
   * is a 400 INVALID_ARGUMENT "The input token count (N) exceeds the maximum number of tokens allowed (M)".
   */
  static ErrorType type(int status, ErrorBody body) {
    String message = body.message() == null ? "" : body.message().toLowerCase(java.util.Locale.ROOT);
    if (status == 400 && message.contains("exceeds the maximum number of tokens")) {
      return ErrorType.CONTEXT_LENGTH_EXCEEDED;
    }
    return null;
  }

  /** A wrong API key is a 400 INVALID_ARGUMENT here, not a 401: only the ErrorInfo reason tells them apart. */
  private static boolean keyRejected(JsonNode error) {
    if (error == null) {
      return false;
    }
    for (JsonNode detail : error.path("details")) {
      if (ERROR_INFO.equals(Json.text(detail.path("@type"))) && "API_KEY_INVALID".equals(Json.text(detail.path("reason")))) {
        return true;
      }
    }
    return false;
  }

  /** Google states the wait in the body ({@code RetryInfo.retryDelay}, e.g. "22s") rather than a header. */
  private Duration retryAfter(HttpReply reply, JsonNode error) {
    return reply.header("retry-after").flatMap(v -> RetryAfter.parse(v, clock)).orElseGet(() -> {
      if (error == null) {
        return null;
      }
      for (JsonNode detail : error.path("details")) {
        String delay = Json.text(detail.path("retryDelay"));
        if (RETRY_INFO.equals(Json.text(detail.path("@type"))) && delay != null && delay.endsWith("s")) {
          return RetryAfter.seconds(delay.substring(0, delay.length() - 1)).orElse(null);
        }
      }
      return null;
    });
  }
}
