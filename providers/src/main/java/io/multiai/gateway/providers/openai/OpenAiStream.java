package io.multiai.gateway.providers.openai;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.codec.ServerSentEvent;

import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.ErrorBody;
import io.multiai.gateway.providers.http.EventStreams;
import io.multiai.gateway.providers.http.Json;
import tools.jackson.databind.JsonNode;

/**
 * Reads a streamed chat completion: {@code data:} events each holding a {@code CreateChatCompletionStreamResponse}
 * ({@code chat.completion.chunk}), then {@code data: [DONE]}. With {@code stream_options.include_usage} the
 * last chunk before [DONE] has empty {@code choices} and the {@code usage}; {@code finish_reason} comes in the
 * chunk before it. Tool calls arrive as {@code delta.tool_calls[]} pieces keyed by {@code index}, passed on as
 * they are. A stream may also carry {@code {"error": {...}}} (OpenAI, and vLLM mid-stream): a server error.
 */
final class OpenAiStream extends EventStreams.Translator {

  private String finishReason;
  private Usage usage;
  private boolean refused;

  OpenAiStream(Call call) {
    super(call);
  }

  @Override
  protected List<ProviderChunk> onEvent(ServerSentEvent<String> event) {
    if (event.data() != null && "[DONE]".equals(event.data().strip())) {
      return List.of(finish(reason(), usage));
    }
    JsonNode chunk = jsonData(event);
    if (chunk == null) {
      return List.of();
    }
    JsonNode error = chunk.path("error");
    if (error.isObject()) {
      ErrorBody body = new ErrorBody(Json.text(error.path("code")) != null ? Json.text(error.path("code"))
          : Json.text(error.path("type")), Json.text(error.path("message")));
      ErrorType type = OpenAiReplies.type(400, body);
      throw call.failure(type != null ? type : ErrorType.SERVER_ERROR, 200,
          "error in stream: " + (body.message() == null ? body.code() : body.message()), null, java.util.Map.of(), null);
    }
    if (chunk.path("usage").isObject()) {
      usage = OpenAiReplies.usage(chunk.path("usage"));
    }
    List<ProviderChunk> out = new ArrayList<>();
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue; // n = 1 is all the gateway asks for
      }
      JsonNode delta = choice.path("delta");
      String refusal = Json.text(delta.path("refusal"));
      if (refusal != null && !refusal.isEmpty()) {
        refused = true;
      }
      String content = Json.text(delta.path("content"));
      if (content != null && !content.isEmpty()) {
        out.add(delta(new ProviderChunk.TextDelta(content)));
      }
      for (JsonNode call : delta.path("tool_calls")) {
        JsonNode function = call.path("function");
        out.add(delta(new ProviderChunk.ToolCallDelta(call.path("index").asInt(0), Json.text(call.path("id")),
            Json.text(function.path("name")), Json.text(function.path("arguments")))));
      }
      String reason = Json.text(choice.path("finish_reason"));
      if (reason != null) {
        finishReason = reason;
      }
    }
    return out;
  }

  @Override
  protected List<ProviderChunk> onComplete() {
    if (finished()) {
      return List.of();
    }
    if (finishReason != null) {
      // Some compatible servers end the stream without [DONE]; the finish_reason says the answer was whole.
      return List.of(finish(reason(), usage));
    }
    throw truncated();
  }

  /**
   * A refusal streams in {@code delta.refusal}, not in content: like a plain call's, it is no answer
   * (CONTENT_BLOCKED when nothing else came, else the stream ends with {@code content_filter}).
   */
  private String reason() {
    return refused ? io.multiai.gateway.providers.FinishReasons.CONTENT_FILTER : finishReason;
  }

  @Override
  protected Usage usageSoFar() {
    return usage;
  }
}
