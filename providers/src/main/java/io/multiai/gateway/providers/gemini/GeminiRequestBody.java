package io.multiai.gateway.providers.gemini;

import java.util.HashMap;
import java.util.Map;

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
 * A {@code GenerateContentRequest} (../shared/specs/gemini-native.openapi.json) from the gateway's OpenAI-shaped
 * request:
 *
 * <ul>
 *   <li>system and developer messages → {@code systemInstruction}, one text part each, in order;
 *   <li>user → a {@code user} content; assistant → a {@code model} content of a text part and
 *       {@code functionCall} parts ({@code args} = the arguments' JSON object); tool → a {@code functionResponse}
 *       part in a {@code user} content, its {@code name} looked up from the earlier call with that id (Gemini
 *       matches results by name and order, not id, so ids are not sent), its {@code response} the result's JSON
 *       object, or {@code {"output": <the result>}} when the result is not one (the API takes only objects).
 *       Consecutive contents of one role are merged (parallel results go back in one turn, as Gemini wants);
 *   <li>tools → one {@code tools[]} entry of {@code functionDeclarations}; the parameters go in
 *       {@code parametersJsonSchema}, which takes JSON Schema as it is, rather than {@code parameters}, Gemini's
 *       OpenAPI-subset {@code Schema}: converting to that would drop what it lacks ({@code additionalProperties},
 *       {@code $ref}, ...). tool_choice → {@code toolConfig.functionCallingConfig}: auto → AUTO, none → NONE,
 *       required → ANY, named → ANY with {@code allowedFunctionNames} [name];
 *   <li>JSON mode → {@code generationConfig.responseMimeType} application/json, and a schema in
 *       {@code responseJsonSchema} (JSON Schema as it is, for the same reason as parameters);
 *   <li>stop → {@code stopSequences}, temperature, top_p → {@code topP}, max tokens → {@code maxOutputTokens}.
 * </ul>
 * Throws IllegalArgumentException for JSON text that is not JSON or a tool result whose call is unknown.
 */
final class GeminiRequestBody {

  private GeminiRequestBody() {}

  static byte[] of(ProviderRequest request, int maxTokens) {
    return Json.bytes(tree(request, maxTokens));
  }

  static ObjectNode tree(ProviderRequest request, int maxTokens) {
    ObjectNode body = Json.object();
    ArrayNode contents = body.putArray("contents");
    ArrayNode system = Json.object().arrayNode();
    Map<String, String> functionOfCall = new HashMap<>();
    for (ChatMessage message : request.messages()) {
      if (message.role().instruction()) {
        if (message.content() != null && !message.content().isEmpty()) {
          system.addObject().put("text", message.content());
        }
        continue;
      }
      ArrayNode parts = Json.object().arrayNode();
      if (message.role() == ChatRole.TOOL) {
        String name = functionOfCall.get(message.toolCallId());
        if (name == null) {
          throw new IllegalArgumentException("tool result for call " + message.toolCallId()
              + " follows no assistant call with that id");
        }
        ObjectNode response = parts.addObject().putObject("functionResponse");
        response.put("name", name);
        response.set("response", result(message.content()));
      } else {
        if (message.content() != null && !message.content().isEmpty()) {
          parts.addObject().put("text", message.content());
        }
        for (ToolCall call : message.toolCalls()) {
          functionOfCall.put(call.id(), call.name());
          ObjectNode functionCall = parts.addObject().putObject("functionCall");
          functionCall.put("name", call.name());
          functionCall.set("args", JsonText.object(call.arguments(), "arguments of tool call " + call.id()));
        }
      }
      if (!parts.isEmpty()) { // an empty message says nothing, and the API rejects contents without parts
        append(contents, message.role() == ChatRole.ASSISTANT ? "model" : "user", parts);
      }
    }
    if (!system.isEmpty()) {
      body.putObject("systemInstruction").set("parts", system);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
      for (ToolDefinition tool : request.tools()) {
        ObjectNode declaration = declarations.addObject().put("name", tool.name());
        if (tool.description() != null) {
          declaration.put("description", tool.description());
        }
        if (tool.parameters() != null) {
          declaration.set("parametersJsonSchema", JsonText.object(tool.parameters(), "parameters of tool " + tool.name()));
        }
      }
    }
    if (request.toolChoice() != null) {
      ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
      switch (request.toolChoice().mode()) {
        case AUTO -> config.put("mode", "AUTO");
        case NONE -> config.put("mode", "NONE");
        case REQUIRED -> config.put("mode", "ANY");
        case NAMED -> config.put("mode", "ANY").putArray("allowedFunctionNames").add(request.toolChoice().name());
      }
    }
    ObjectNode generation = body.putObject("generationConfig");
    // On thinking models this bound covers the thoughts too: a small one can leave no room for text.
    generation.put("maxOutputTokens", maxTokens);
    SamplingFields.GEMINI.write(generation, request.temperature(), request.topP(), request.stop());
    ResponseFormat format = request.responseFormat();
    if (format != null && format.json()) {
      generation.put("responseMimeType", "application/json");
      if (format.kind() == ResponseFormat.Kind.JSON_SCHEMA) {
        generation.set("responseJsonSchema", JsonText.object(format.schema(), "response_format schema"));
      }
    }
    return body;
  }

  /** A function's result as the object {@code FunctionResponse.response} must be. */
  private static JsonNode result(String content) {
    JsonNode parsed = content == null ? null : Json.tryParse(content);
    if (parsed != null && parsed.isObject()) {
      return parsed;
    }
    ObjectNode wrapped = Json.object();
    if (parsed != null) {
      wrapped.set("output", parsed);
    } else {
      wrapped.put("output", content == null ? "" : content);
    }
    return wrapped;
  }

  private static void append(ArrayNode contents, String role, ArrayNode parts) {
    ObjectNode last = contents.isEmpty() ? null : (ObjectNode) contents.get(contents.size() - 1);
    if (last != null && role.equals(Json.text(last.path("role")))) {
      ((ArrayNode) last.path("parts")).addAll(parts);
      return;
    }
    ObjectNode content = contents.addObject().put("role", role);
    content.set("parts", parts);
  }
}
