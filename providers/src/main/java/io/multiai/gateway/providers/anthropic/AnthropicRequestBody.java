package io.multiai.gateway.providers.anthropic;

import java.util.List;

import io.multiai.gateway.providers.ChatMessage;
import io.multiai.gateway.providers.ChatRole;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ResponseFormat;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.ToolDefinition;
import io.multiai.gateway.providers.http.Json;
import io.multiai.gateway.providers.http.JsonText;
import io.multiai.gateway.providers.http.SamplingFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Messages API request, {@code CreateMessageParams} (../shared/specs/anthropic-openapi.json), from the
 * gateway's OpenAI-shaped request:
 *
 * <ul>
 *   <li>system and developer messages → the top-level {@code system}, one text block each, in order (the API
 *       has no instructions between turns; a late one still applies, from the top);
 *   <li>user → a user turn; assistant → an assistant turn of a text block and {@code tool_use} blocks (input
 *       = the arguments' JSON object); tool → a {@code tool_result} block in a user turn. Consecutive turns of
 *       one role are merged into one (the API wants user and assistant to alternate), so parallel tool results
 *       share a turn, followed by any user text;
 *   <li>tools → {@code tools[]} with {@code input_schema} (an empty object schema when none); tool_choice auto →
 *       {@code auto}, none → {@code none}, required → {@code any}, named → {@code tool};
 *   <li>JSON mode: a JSON schema → {@code output_config.format} {@code json_schema} (structured outputs, in the
 *       spec); a schema-less JSON object has no native form, so one more system block asks for a single JSON
 *       object and nothing else (an instruction, not a guarantee: the reply is passed on as the model wrote it);
 *   <li>stop → {@code stop_sequences}, temperature, top_p, max tokens → {@code max_tokens} (required).
 * </ul>
 * Throws IllegalArgumentException for JSON text that is not JSON.
 */
final class AnthropicRequestBody {

  /** The system block standing in for OpenAI's {@code response_format: json_object}. */
  static final String JSON_OBJECT_INSTRUCTION =
      "Respond with a single valid JSON object and nothing else: no prose, no Markdown code fence.";

  private AnthropicRequestBody() {}

  static byte[] of(ProviderRequest request, int maxTokens) {
    return Json.bytes(tree(request, maxTokens, false));
  }

  static byte[] streaming(ProviderRequest request, int maxTokens) {
    return Json.bytes(tree(request, maxTokens, true));
  }

  static ObjectNode tree(ProviderRequest request, int maxTokens, boolean stream) {
    ObjectNode body = Json.object();
    body.put("model", request.model());
    body.put("max_tokens", maxTokens);
    ArrayNode system = Json.object().arrayNode();
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      if (message.role().instruction()) {
        if (message.content() != null && !message.content().isEmpty()) {
          system.addObject().put("type", "text").put("text", message.content());
        }
        continue;
      }
      String role = message.role() == ChatRole.ASSISTANT ? "assistant" : "user";
      List<JsonNode> blocks = blocks(message);
      if (!blocks.isEmpty()) { // an empty message says nothing, and the API rejects empty turns
        append(messages, role, blocks);
      }
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.kind() == ResponseFormat.Kind.JSON_OBJECT) {
      system.addObject().put("type", "text").put("text", JSON_OBJECT_INSTRUCTION);
    }
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    SamplingFields.ANTHROPIC.write(body, request.temperature(), request.topP(), request.stop());
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        ObjectNode written = tools.addObject();
        written.put("name", tool.name());
        if (tool.description() != null) {
          written.put("description", tool.description());
        }
        written.set("input_schema", tool.parameters() == null ? emptyObjectSchema()
            : JsonText.object(tool.parameters(), "parameters of tool " + tool.name()));
        if (tool.strict() != null) {
          written.put("strict", tool.strict());
        }
      }
    }
    if (request.toolChoice() != null) {
      ObjectNode choice = body.putObject("tool_choice");
      switch (request.toolChoice().mode()) {
        case AUTO -> choice.put("type", "auto");
        case NONE -> choice.put("type", "none");
        case REQUIRED -> choice.put("type", "any");
        case NAMED -> choice.put("type", "tool").put("name", request.toolChoice().name());
      }
    }
    if (format != null && format.kind() == ResponseFormat.Kind.JSON_SCHEMA) {
      body.putObject("output_config").putObject("format").put("type", "json_schema")
          .set("schema", JsonText.object(format.schema(), "response_format schema"));
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  /** The content blocks of one message. */
  private static List<JsonNode> blocks(ChatMessage message) {
    java.util.ArrayList<JsonNode> blocks = new java.util.ArrayList<>();
    if (message.role() == ChatRole.TOOL) {
      ObjectNode result = Json.object().put("type", "tool_result").put("tool_use_id", message.toolCallId());
      result.put("content", message.content() == null ? "" : message.content());
      blocks.add(result);
      return blocks;
    }
    if (message.content() != null && !message.content().isEmpty()) {
      blocks.add(Json.object().put("type", "text").put("text", message.content()));
    }
    for (ToolCall call : message.toolCalls()) {
      ObjectNode use = Json.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
      use.set("input", JsonText.object(call.arguments(), "arguments of tool call " + call.id()));
      blocks.add(use);
    }
    return blocks;
  }

  /**
   * Adds a turn, or merges it into the previous one when both have {@code role}. A turn of a single text block
   * is written in the API's shorthand, a plain string.
   */
  private static void append(ArrayNode messages, String role, List<JsonNode> blocks) {
    ObjectNode last = messages.isEmpty() ? null : (ObjectNode) messages.get(messages.size() - 1);
    if (last != null && role.equals(Json.text(last.path("role")))) {
      JsonNode content = last.path("content");
      ArrayNode merged = Json.object().arrayNode();
      if (content.isString()) {
        merged.addObject().put("type", "text").put("text", content.stringValue());
      } else {
        merged.addAll((ArrayNode) content);
      }
      blocks.forEach(merged::add);
      last.set("content", merged);
      return;
    }
    ObjectNode turn = messages.addObject().put("role", role);
    if (blocks.size() == 1 && "text".equals(Json.text(blocks.get(0).path("type")))) {
      turn.put("content", Json.text(blocks.get(0).path("text")));
    } else {
      ArrayNode content = turn.putArray("content");
      blocks.forEach(content::add);
    }
  }

  private static ObjectNode emptyObjectSchema() {
    ObjectNode schema = Json.object().put("type", "object");
    schema.putObject("properties");
    return schema;
  }
}
