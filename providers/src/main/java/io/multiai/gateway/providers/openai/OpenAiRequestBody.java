package io.multiai.gateway.providers.openai;

import io.multiai.gateway.providers.ChatMessage;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ResponseFormat;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.ToolDefinition;
import io.multiai.gateway.providers.http.Json;
import io.multiai.gateway.providers.http.JsonText;
import io.multiai.gateway.providers.http.SamplingFields;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code CreateChatCompletionRequest} (../shared/specs/openai-openapi.yaml): the gateway's request is already
 * in this shape, so this writes it out field by field. Optional fields the request leaves null are left out,
 * so the provider's defaults apply. Throws IllegalArgumentException for JSON text that is not JSON.
 */
final class OpenAiRequestBody {

  private OpenAiRequestBody() {}

  static byte[] of(ProviderRequest request, int maxTokens) {
    return Json.bytes(tree(request, maxTokens, false));
  }

  /** With {@code stream: true} and {@code stream_options.include_usage}: the usage comes in a last chunk. */
  static byte[] streaming(ProviderRequest request, int maxTokens) {
    return Json.bytes(tree(request, maxTokens, true));
  }

  static ObjectNode tree(ProviderRequest request, int maxTokens, boolean stream) {
    ObjectNode body = Json.object();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.add(message(message));
    }
    // Not the deprecated max_tokens: reasoning models reject it, and this bound includes reasoning tokens.
    body.put("max_completion_tokens", maxTokens);
    SamplingFields.OPENAI.write(body, request.temperature(), request.topP(), request.stop());
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", tool.name());
        if (tool.description() != null) {
          function.put("description", tool.description());
        }
        if (tool.parameters() != null) {
          function.set("parameters", JsonText.object(tool.parameters(), "parameters of tool " + tool.name()));
        }
        if (tool.strict() != null) {
          function.put("strict", tool.strict());
        }
      }
    }
    if (request.toolChoice() != null) {
      switch (request.toolChoice().mode()) {
        case AUTO -> body.put("tool_choice", "auto");
        case NONE -> body.put("tool_choice", "none");
        case REQUIRED -> body.put("tool_choice", "required");
        case NAMED -> body.putObject("tool_choice").put("type", "function").putObject("function")
            .put("name", request.toolChoice().name());
      }
    }
    if (request.responseFormat() != null) {
      body.set("response_format", responseFormat(request.responseFormat()));
    }
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  private static ObjectNode message(ChatMessage message) {
    ObjectNode out = Json.object();
    out.put("role", message.role().wireName());
    if (message.content() != null) {
      out.put("content", message.content());
    } else {
      // An assistant turn that only calls tools: content is required but nullable.
      out.putNull("content");
    }
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = out.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        ObjectNode written = calls.addObject();
        written.put("id", call.id());
        written.put("type", "function");
        // Arguments stay JSON text on OpenAI's wire, exactly as the model (or the client) wrote them.
        written.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      }
    }
    if (message.toolCallId() != null) {
      out.put("tool_call_id", message.toolCallId());
    }
    return out;
  }

  private static ObjectNode responseFormat(ResponseFormat format) {
    ObjectNode out = Json.object();
    switch (format.kind()) {
      case TEXT -> out.put("type", "text");
      case JSON_OBJECT -> out.put("type", "json_object");
      case JSON_SCHEMA -> {
        out.put("type", "json_schema");
        ObjectNode schema = out.putObject("json_schema");
        schema.put("name", format.name() == null ? "response" : format.name());
        schema.set("schema", JsonText.object(format.schema(), "response_format schema"));
        if (format.strict() != null) {
          schema.put("strict", format.strict());
        }
      }
    }
    return out;
  }
}
