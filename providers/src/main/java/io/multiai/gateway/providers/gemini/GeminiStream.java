package io.multiai.gateway.providers.gemini;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.codec.ServerSentEvent;

import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.FinishReasons;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.EventStreams;
import io.multiai.gateway.providers.http.Json;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code streamGenerateContent?alt=sse}: each {@code data:} is a whole {@code GenerateContentResponse}
 * holding the next parts of candidate 0; {@code finishReason} comes on the last, and {@code usageMetadata}
 * (cumulative) on the last at least. There is no end marker: the stream ends when the connection's body does,
 * and it is whole when a finishReason came. Function calls arrive whole, each passed on as one tool call delta.
 * A stream can also carry Google's error envelope {@code {"error": {...}}}.
 */
final class GeminiStream extends EventStreams.Translator {

  private Usage usage;
  private String finishReason;
  private int toolCalls;

  GeminiStream(Call call) {
    super(call);
  }

  @Override
  protected List<ProviderChunk> onEvent(ServerSentEvent<String> event) {
    JsonNode answer = jsonData(event);
    if (answer == null) {
      return List.of();
    }
    JsonNode error = answer.path("error");
    if (error.isObject()) {
      int code = error.path("code").asInt(500);
      throw call.failure(code >= 400 ? ErrorType.fromStatus(code) : ErrorType.SERVER_ERROR, 200,
          "error in stream: " + Json.text(error.path("status")) + " " + Json.text(error.path("message")), null,
          java.util.Map.of(), null);
    }
    if (answer.path("usageMetadata").isObject()) {
      usage = GeminiReplies.usage(answer.path("usageMetadata"));
    }
    String blockReason = Json.text(answer.path("promptFeedback").path("blockReason"));
    if (blockReason != null) {
      throw call.contentBlocked(200, "prompt blocked (blockReason " + blockReason + ")", usage);
    }
    JsonNode candidate = answer.path("candidates").path(0);
    List<ProviderChunk> out = new ArrayList<>();
    JsonNode parts = candidate.path("content").path("parts");
    String text = GeminiReplies.text(parts);
    if (!text.isEmpty()) {
      out.add(delta(new ProviderChunk.TextDelta(text)));
    }
    for (ToolCall toolCall : GeminiReplies.toolCalls(parts, Json.text(answer.path("responseId")), toolCalls)) {
      out.add(delta(new ProviderChunk.ToolCallDelta(toolCalls++, toolCall.id(), toolCall.name(), toolCall.arguments())));
    }
    String reason = Json.text(candidate.path("finishReason"));
    if (reason != null) {
      finishReason = reason;
    }
    return out;
  }

  @Override
  protected List<ProviderChunk> onComplete() {
    if (finishReason == null) {
      throw truncated();
    }
    return List.of(finish(FinishReasons.fromGemini(finishReason, toolCalls > 0), usage));
  }

  @Override
  protected Usage usageSoFar() {
    return usage;
  }
}
