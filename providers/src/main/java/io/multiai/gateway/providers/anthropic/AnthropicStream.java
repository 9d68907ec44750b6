package io.multiai.gateway.providers.anthropic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.codec.ServerSentEvent;

import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.FinishReasons;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.ErrorBody;
import io.multiai.gateway.providers.http.EventStreams;
import io.multiai.gateway.providers.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the Messages API event stream ({@code MessageStreamEvent} in ../shared/specs/anthropic-openapi.json):
 * {@code message_start} (the message with its input usage), per content block {@code content_block_start},
 * {@code content_block_delta}s ({@code text_delta}; {@code input_json_delta} pieces of a {@code tool_use} block's
 * input) and {@code content_block_stop}, then {@code message_delta} (stop_reason, cumulative output usage) and
 * {@code message_stop}. {@code ping}s are ignored, as are thinking, signature and citation deltas (not the
 * answer). An {@code error} event (e.g. {@code overloaded_error}) fails the stream, typed as the same error
 * would be as an HTTP answer.
 */
final class AnthropicStream extends EventStreams.Translator {

  private ObjectNode usage = Json.object();
  private String stopReason;
  /** Content block index → tool call index (tool calls are numbered among themselves, from 0). */
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();

  AnthropicStream(Call call) {
    super(call);
  }

  @Override
  protected List<ProviderChunk> onEvent(ServerSentEvent<String> event) {
    JsonNode json = jsonData(event);
    if (json == null) {
      return List.of();
    }
    String type = Json.text(json.path("type"));
    if (type == null) {
      type = event.event();
    }
    switch (type == null ? "" : type) {
      case "message_start" -> mergeUsage(json.path("message").path("usage"));
      case "content_block_start" -> {
        JsonNode block = json.path("content_block");
        String blockType = Json.text(block.path("type"));
        if ("tool_use".equals(blockType)) {
          int index = toolBlocks.size();
          toolBlocks.put(json.path("index").asInt(), index);
          // The block starts with an empty input; its JSON text arrives in input_json_delta pieces.
          return List.of(delta(new ProviderChunk.ToolCallDelta(index, Json.text(block.path("id")),
              Json.text(block.path("name")), "")));
        }
        if ("text".equals(blockType)) {
          return text(Json.text(block.path("text")));
        }
      }
      case "content_block_delta" -> {
        JsonNode delta = json.path("delta");
        String deltaType = Json.text(delta.path("type"));
        if ("text_delta".equals(deltaType)) {
          return text(Json.text(delta.path("text")));
        }
        if ("input_json_delta".equals(deltaType)) {
          Integer index = toolBlocks.get(json.path("index").asInt());
          String piece = Json.text(delta.path("partial_json"));
          if (index != null && piece != null && !piece.isEmpty()) {
            return List.of(delta(new ProviderChunk.ToolCallDelta(index, null, null, piece)));
          }
        }
      }
      case "message_delta" -> {
        String reason = Json.text(json.path("delta").path("stop_reason"));
        if (reason != null) {
          stopReason = reason;
        }
        mergeUsage(json.path("usage"));
      }
      case "message_stop" -> {
        return List.of(finish(FinishReasons.fromAnthropic(stopReason), AnthropicReplies.usage(usage)));
      }
      case "error" -> {
        JsonNode error = json.path("error");
        ErrorBody body = new ErrorBody(Json.text(error.path("type")), Json.text(error.path("message")));
        throw call.failure(errorType(body.code()), 200, "error event " + body.code() + " " + body.message(), null,
            Map.of(), null);
      }
      default -> {
        // ping, content_block_stop, and event types added later: nothing of the answer.
      }
    }
    return List.of();
  }

  private List<ProviderChunk> text(String text) {
    return text == null || text.isEmpty() ? List.of() : List.of(delta(new ProviderChunk.TextDelta(text)));
  }

  /** message_delta's usage counts are cumulative and its input fields may be null: later non-null values win. */
  private void mergeUsage(JsonNode reported) {
    if (!reported.isObject()) {
      return;
    }
    ObjectNode merged = usage.deepCopy();
    for (Map.Entry<String, JsonNode> field : reported.properties()) {
      if (field.getValue().isNumber()) {
        merged.set(field.getKey(), field.getValue());
      }
    }
    usage = merged;
  }

  /** The error types of {@code ErrorResponse} as they would be classified as an HTTP status. */
  static ErrorType errorType(String type) {
    return switch (type == null ? "" : type) {
      case "overloaded_error" -> ErrorType.OVERLOADED;
      case "rate_limit_error" -> ErrorType.RATE_LIMITED;
      case "invalid_request_error" -> ErrorType.BAD_REQUEST;
      case "authentication_error" -> ErrorType.AUTHENTICATION;
      case "permission_error", "billing_error" -> ErrorType.PERMISSION;
      case "not_found_error" -> ErrorType.NOT_FOUND;
      case "request_too_large" -> ErrorType.PAYLOAD_TOO_LARGE;
      case "timeout_error" -> ErrorType.TIMEOUT;
      default -> ErrorType.SERVER_ERROR; // api_error and anything new
    };
  }

  @Override
  protected List<ProviderChunk> onComplete() {
    if (finished()) {
      return List.of();
    }
    throw truncated();
  }

  @Override
  protected Usage usageSoFar() {
    return usage.isEmpty() ? null : AnthropicReplies.usage(usage);
  }
}
