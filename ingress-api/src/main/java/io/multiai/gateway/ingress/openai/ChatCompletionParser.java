package io.multiai.gateway.ingress.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.ingress.problem.ApiException;
import io.multiai.gateway.schemas.ChatTurn;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.GenerationOptions;
import io.multiai.gateway.schemas.ToolInvocation;
import io.multiai.gateway.schemas.ToolSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenAI {@code CreateChatCompletionRequest} (../shared/specs/openai-openapi.yaml) strictly: what the
 * gateway cannot honour is a 400 naming the parameter, never silently dropped.
 *
 * <ul>
 *   <li>Honoured: model, messages (system, developer, user, assistant, tool; string or text parts), max_tokens /
 *       max_completion_tokens, temperature, top_p, stop, tools (functions), tool_choice, response_format (text,
 *       json_object, json_schema), user, metadata (cost_priority read; the rest ignored), stream,
 *       stream_options.include_usage.
 *   <li>Accepted and ignored, because they do not change the answer: {@code store} (the gateway stores nothing
 *       at OpenAI's), {@code service_tier}, {@code prompt_cache_key}, {@code parallel_tool_calls: true} (the
 *       default), {@code n: 1}, {@code logprobs: false}, penalties of 0, {@code stream_options.include_obfuscation}.
 *       {@code safety_identifier} is taken as the user id when {@code user} is absent.
 *   <li>Refused (400, {@code param} names it): {@code n} &gt; 1, image/audio/file content parts, {@code audio},
 *       {@code modalities} other than text, logprobs, logit_bias, non-zero penalties, {@code seed},
 *       {@code prediction}, {@code web_search_options}, {@code reasoning_effort}, {@code verbosity},
 *       {@code parallel_tool_calls: false}, the deprecated {@code functions}/{@code function_call}, and any
 *       other field (as OpenAI answers "Unrecognized request argument").
 * </ul>
 *
 * <p>{@code model}: {@code auto} (routing by complexity × cost priority), a catalog id (pinned, no fallback, as
 * {@code model} on /api/ai/route), a model id whose provider its name tells, or {@code provider/model}; anything
 * else is 404 {@code model_not_found}.
 */
public final class ChatCompletionParser {

  public static final String AUTO = "auto";
  private static final int MAX_MESSAGES = 1000;
  private static final int MAX_TOOLS = 128;
  private static final Set<String> IGNORED = Set.of("store", "service_tier", "prompt_cache_key", "safety_identifier");
  private static final Map<String, String> PROVIDER_ALIASES = Map.of("anthropic", "claude", "google", "gemini");

  private final JsonMapper json;
  private final ModelCatalog catalog;

  public ChatCompletionParser(JsonMapper json, ModelCatalog catalog) {
    this.json = json;
    this.catalog = catalog;
  }

  /**
   * @param costPriorityHeader {@code X-Cost-Priority}, or null; wins over {@code metadata.cost_priority}
   * @throws ApiException 400 naming the parameter, 404 for an unknown model
   */
  public ChatCompletionCommand parse(byte[] body, String costPriorityHeader) {
    JsonNode root = root(body);
    for (String name : root.propertyNames()) {
      checkTopLevel(name, root.get(name));
    }
    String requested = requiredString(root, "model");
    String[] pin = resolveModel(requested);
    List<ChatTurn> messages = messages(root.get("messages"));
    String query = classificationText(messages);
    Map<String, String> metadata = metadata(root.get("metadata"));
    CostPriority priority = costPriority(costPriorityHeader != null ? costPriorityHeader : metadata.get("cost_priority"),
        costPriorityHeader != null ? "X-Cost-Priority" : "metadata.cost_priority");
    boolean stream = bool(root, "stream", false);
    boolean includeUsage = false;
    JsonNode options = root.get("stream_options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw bad("stream_options", "stream_options must be an object");
      }
      for (String name : options.propertyNames()) {
        if (!name.equals("include_usage") && !name.equals("include_obfuscation")) {
          throw bad("stream_options." + name, "Unrecognized stream option: " + name);
        }
      }
      includeUsage = bool(options, "include_usage", false);
    }
    String user = optionalString(root, "user");
    if (user == null) {
      user = optionalString(root, "safety_identifier");
    }
    if (user != null && (user.isBlank() || user.length() > 256)) {
      throw bad("user", "user must be 1..256 characters");
    }
    return new ChatCompletionCommand(requested, pin[0], pin[1], priority, messages, query, generation(root), user, stream,
        includeUsage);
  }

  private JsonNode root(byte[] body) {
    if (body == null || body.length == 0) {
      throw bad(null, "a JSON body is required");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw bad(null, "We could not parse the JSON body of your request: it is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw bad(null, "the body must be a JSON object");
    }
    return root;
  }

  private static void checkTopLevel(String name, JsonNode value) {
    switch (name) {
      case "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "tools", "tool_choice",
          "response_format", "user", "metadata", "stream", "stream_options" -> { }
      case "n" -> {
        if (!value.isNull() && !(value.isIntegralNumber() && value.longValue() == 1)) {
          throw bad("n", "n must be 1: this gateway returns one choice per request");
        }
      }
      case "parallel_tool_calls" -> {
        if (!value.isNull() && !(value.isBoolean() && value.booleanValue())) {
          throw bad("parallel_tool_calls", "parallel_tool_calls: false is not supported");
        }
      }
      case "logprobs" -> {
        if (!value.isNull() && !(value.isBoolean() && !value.booleanValue())) {
          throw bad("logprobs", "logprobs are not supported");
        }
      }
      case "frequency_penalty", "presence_penalty" -> {
        if (!value.isNull() && !(value.isNumber() && value.doubleValue() == 0)) {
          throw bad(name, name + " is not supported (only 0)");
        }
      }
      case "modalities" -> {
        if (!value.isNull() && !(value.isArray() && value.size() == 1 && "text".equals(value.get(0).asString()))) {
          throw bad("modalities", "only the text modality is supported");
        }
      }
      default -> {
        if (IGNORED.contains(name)) {
          return;
        }
        if (value.isNull()) {
          return; // an SDK sending a parameter as null means "not set"
        }
        throw bad(name, switch (name) {
          case "audio" -> "audio output is not supported";
          case "top_logprobs", "logit_bias", "seed", "prediction", "web_search_options", "reasoning_effort", "verbosity" ->
              name + " is not supported by this gateway";
          case "functions", "function_call" -> name + " is deprecated: use tools and tool_choice";
          default -> "Unrecognized request argument supplied: " + name;
        });
      }
    }
  }

  /** [provider wire name or null, model id or null]. */
  private String[] resolveModel(String requested) {
    if (requested.equalsIgnoreCase(AUTO)) {
      return new String[] {null, null};
    }
    int slash = requested.indexOf('/');
    if (slash > 0) {
      String providerName = requested.substring(0, slash).toLowerCase(Locale.ROOT);
      String model = requested.substring(slash + 1);
      String wire = PROVIDER_ALIASES.getOrDefault(providerName, providerName);
      if (ProviderId.fromWireName(wire).isEmpty() || model.isBlank()) {
        throw notFound(requested);
      }
      ProviderId provider = ProviderId.fromWireName(wire).get();
      if (catalog.find(model).isPresent() && catalog.find(model).get().provider() != provider) {
        throw notFound(requested);
      }
      return new String[] {provider.wireName(), model};
    }
    if (catalog.find(requested).isPresent() || catalog.providerOf(requested).isPresent()) {
      return new String[] {null, requested};
    }
    throw notFound(requested);
  }

  private static ApiException notFound(String model) {
    return new ApiException(404, "model", "model_not_found",
        "The model `" + model + "` does not exist or you do not have access to it. GET /v1/models lists the models.");
  }

  private static List<ChatTurn> messages(JsonNode node) {
    if (node == null || node.isNull()) {
      throw bad("messages", "Missing required parameter: 'messages'.");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw bad("messages", "messages must be a non-empty array");
    }
    if (node.size() > MAX_MESSAGES) {
      throw bad("messages", "at most " + MAX_MESSAGES + " messages");
    }
    List<ChatTurn> turns = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      turns.add(message(node.get(i), "messages[" + i + "]"));
    }
    return turns;
  }

  private static ChatTurn message(JsonNode node, String at) {
    if (!node.isObject()) {
      throw bad(at, at + " must be an object");
    }
    String role = requiredString(node, "role", at + ".role");
    ChatTurn.Builder turn = ChatTurn.newBuilder().setRole(role).setContent(null).setToolCallId(null).setName(null);
    for (String name : node.propertyNames()) {
      if (!Set.of("role", "content", "name", "tool_calls", "tool_call_id", "refusal", "function_call", "audio").contains(name)) {
        throw bad(at + "." + name, "Unrecognized message field: " + name);
      }
    }
    if (node.hasNonNull("audio")) {
      throw bad(at + ".audio", "audio in messages is not supported");
    }
    if (node.hasNonNull("function_call")) {
      throw bad(at + ".function_call", "function_call is deprecated: use tool_calls");
    }
    String name = optionalString(node, "name", at + ".name");
    turn.setName(name);
    String content = content(node.get("content"), at + ".content");
    switch (role) {
      case "system", "developer", "user" -> {
        if (content == null) {
          throw bad(at + ".content", "Missing required parameter: '" + at + ".content'.");
        }
      }
      case "assistant" -> {
        JsonNode calls = node.get("tool_calls");
        if (calls != null && !calls.isNull()) {
          turn.setToolCalls(toolCalls(calls, at + ".tool_calls"));
        }
        if (content == null && turn.getToolCalls().isEmpty() && !node.hasNonNull("refusal")) {
          throw bad(at + ".content", "an assistant message needs content or tool_calls");
        }
      }
      case "tool" -> {
        turn.setToolCallId(requiredString(node, "tool_call_id", at + ".tool_call_id"));
        if (content == null) {
          throw bad(at + ".content", "Missing required parameter: '" + at + ".content'.");
        }
      }
      default -> throw bad(at + ".role", "Invalid value: '" + role
          + "'. Supported values are: 'system', 'developer', 'user', 'assistant', and 'tool'.");
    }
    if (!role.equals("assistant") && node.hasNonNull("tool_calls")) {
      throw bad(at + ".tool_calls", "only assistant messages carry tool_calls");
    }
    return turn.setContent(content).build();
  }

  /** A string, or an array of text parts joined; null when absent. Any other part type is refused. */
  private static String content(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isString()) {
      return checkText(node.stringValue(), at);
    }
    if (!node.isArray()) {
      throw bad(at, at + " must be a string or an array of content parts");
    }
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < node.size(); j++) {
      JsonNode part = node.get(j);
      String partAt = at + "[" + j + "]";
      if (!part.isObject() || !part.hasNonNull("type")) {
        throw bad(partAt, partAt + " must be a content part object with a type");
      }
      String type = part.get("type").asString();
      if (!type.equals("text")) {
        throw bad(partAt + ".type", "content part type '" + type + "' is not supported (only 'text'): "
            + switch (type) {
              case "image_url" -> "images";
              case "input_audio" -> "audio input";
              case "file" -> "files";
              default -> "unknown type";
            } + " cannot be passed on");
      }
      text.append(requiredString(part, "text", partAt + ".text"));
    }
    return checkText(text.toString(), at);
  }

  private static List<ToolInvocation> toolCalls(JsonNode node, String at) {
    if (!node.isArray()) {
      throw bad(at, at + " must be an array");
    }
    List<ToolInvocation> calls = new ArrayList<>();
    for (int k = 0; k < node.size(); k++) {
      JsonNode call = node.get(k);
      String callAt = at + "[" + k + "]";
      if (!call.isObject()) {
        throw bad(callAt, callAt + " must be an object");
      }
      String type = optionalString(call, "type", callAt + ".type");
      if (type != null && !type.equals("function")) {
        throw bad(callAt + ".type", "only function tool calls are supported");
      }
      JsonNode function = call.get("function");
      if (function == null || !function.isObject()) {
        throw bad(callAt + ".function", "Missing required parameter: '" + callAt + ".function'.");
      }
      String arguments = optionalString(function, "arguments", callAt + ".function.arguments");
      calls.add(new ToolInvocation(requiredString(call, "id", callAt + ".id"),
          requiredString(function, "name", callAt + ".function.name"), arguments == null ? "{}" : arguments));
    }
    return calls;
  }

  private static Map<String, String> metadata(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject() || node.size() > 16) {
      throw bad("metadata", "metadata must be an object of at most 16 string values");
    }
    Map<String, String> values = new java.util.HashMap<>();
    for (String key : node.propertyNames()) {
      JsonNode value = node.get(key);
      if (!value.isString() || key.length() > 64 || value.stringValue().length() > 512) {
        throw bad("metadata." + key, "metadata values must be strings of at most 512 characters (keys 64)");
      }
      values.put(key, value.stringValue());
    }
    return values;
  }

  private static CostPriority costPriority(String value, String param) {
    if (value == null) {
      return CostPriority.BALANCED;
    }
    try {
      return CostPriority.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(param, param + " must be one of cheap, balanced, quality");
    }
  }

  private static GenerationOptions generation(JsonNode root) {
    Long maxCompletion = integer(root, "max_completion_tokens");
    Long max = integer(root, "max_tokens");
    Double temperature = number(root, "temperature", 0, 2);
    Double topP = number(root, "top_p", 0, 1);
    List<String> stop = stop(root.get("stop"));
    List<ToolSpec> tools = tools(root.get("tools"));
    String toolChoice = toolChoice(root.get("tool_choice"), tools);
    GenerationOptions.Builder options = GenerationOptions.newBuilder()
        .setMaxTokens(maxCompletion != null ? Integer.valueOf(maxCompletion.intValue()) : max == null ? null : max.intValue())
        .setTemperature(temperature).setTopP(topP).setStop(stop).setTools(tools).setToolChoice(toolChoice)
        .setResponseFormat(null).setResponseSchemaName(null).setResponseSchema(null).setResponseSchemaStrict(null);
    responseFormat(root.get("response_format"), options);
    GenerationOptions built = options.build();
    boolean none = built.getMaxTokens() == null && temperature == null && topP == null && stop.isEmpty() && tools.isEmpty()
        && toolChoice == null && built.getResponseFormat() == null;
    return none ? null : built;
  }

  private static Long integer(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > 1_000_000) {
      throw bad(field, field + " must be an integer from 1 to 1000000");
    }
    return node.longValue();
  }

  private static Double number(JsonNode root, String field, double min, double max) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || node.doubleValue() < min || node.doubleValue() > max) {
      throw bad(field, field + " must be a number from " + (int) min + " to " + (int) max);
    }
    return node.doubleValue();
  }

  private static List<String> stop(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isString()) {
      return List.of(node.stringValue());
    }
    if (!node.isArray() || node.size() > 4) {
      throw bad("stop", "stop must be a string or an array of at most 4 strings");
    }
    List<String> stops = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isString() || item.stringValue().isEmpty()) {
        throw bad("stop", "stop must contain only non-empty strings");
      }
      stops.add(item.stringValue());
    }
    return stops;
  }

  private static List<ToolSpec> tools(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > MAX_TOOLS) {
      throw bad("tools", "tools must be an array of at most " + MAX_TOOLS + " tools");
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode tool = node.get(i);
      String at = "tools[" + i + "]";
      if (!tool.isObject() || !"function".equals(optionalString(tool, "type", at + ".type"))) {
        throw bad(at + ".type", "only tools of type 'function' are supported");
      }
      JsonNode function = tool.get("function");
      if (function == null || !function.isObject()) {
        throw bad(at + ".function", "Missing required parameter: '" + at + ".function'.");
      }
      String name = requiredString(function, "name", at + ".function.name");
      if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
        throw bad(at + ".function.name", "a function name is 1..64 of a-z, A-Z, 0-9, _ and -");
      }
      JsonNode parameters = function.get("parameters");
      if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
        throw bad(at + ".function.parameters", "parameters must be a JSON Schema object");
      }
      JsonNode strict = function.get("strict");
      tools.add(new ToolSpec(name, optionalString(function, "description", at + ".function.description"),
          parameters == null || parameters.isNull() ? null : parameters.toString(),
          strict == null || strict.isNull() ? null : strict.asBoolean()));
    }
    return tools;
  }

  private static String toolChoice(JsonNode node, List<ToolSpec> tools) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isString()) {
      String mode = node.stringValue();
      if (!Set.of("auto", "none", "required").contains(mode)) {
        throw bad("tool_choice", "tool_choice must be 'none', 'auto', 'required' or a named function");
      }
      if (mode.equals("required") && tools.isEmpty()) {
        throw bad("tool_choice", "tool_choice 'required' needs tools");
      }
      return mode;
    }
    JsonNode function = node.isObject() ? node.get("function") : null;
    if (function == null || !"function".equals(optionalString(node, "type", "tool_choice.type"))) {
      throw bad("tool_choice", "tool_choice must be 'none', 'auto', 'required' or {type: function, function: {name}}");
    }
    String name = requiredString(function, "name", "tool_choice.function.name");
    if (tools.stream().noneMatch(t -> t.getName().equals(name))) {
      throw bad("tool_choice.function.name", "tool_choice names '" + name + "', which is not among tools");
    }
    return "function:" + name;
  }

  private static void responseFormat(JsonNode node, GenerationOptions.Builder options) {
    if (node == null || node.isNull()) {
      return;
    }
    String type = node.isObject() ? optionalString(node, "type", "response_format.type") : null;
    if (type == null) {
      throw bad("response_format", "response_format must be an object with a type");
    }
    switch (type) {
      case "text" -> options.setResponseFormat("text");
      case "json_object" -> options.setResponseFormat("json_object");
      case "json_schema" -> {
        JsonNode schema = node.get("json_schema");
        if (schema == null || !schema.isObject()) {
          throw bad("response_format.json_schema", "Missing required parameter: 'response_format.json_schema'.");
        }
        JsonNode body = schema.get("schema");
        if (body == null || !body.isObject()) {
          throw bad("response_format.json_schema.schema", "response_format.json_schema.schema must be a JSON Schema object");
        }
        JsonNode strict = schema.get("strict");
        options.setResponseFormat("json_schema")
            .setResponseSchemaName(requiredString(schema, "name", "response_format.json_schema.name"))
            .setResponseSchema(body.toString())
            .setResponseSchemaStrict(strict == null || strict.isNull() ? null : strict.asBoolean());
      }
      default -> throw bad("response_format.type", "response_format type '" + type
          + "' is not supported (text, json_object, json_schema)");
    }
  }

  /** What the router classifies: the last user message (what is asked now), else the last message with text. */
  private static String classificationText(List<ChatTurn> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).getRole().equals("user") && messages.get(i).getContent() != null) {
        return messages.get(i).getContent();
      }
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).getContent() != null) {
        return messages.get(i).getContent();
      }
    }
    return "";
  }

  private static boolean bool(JsonNode node, String field, boolean absent) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw bad(field, field + " must be true or false");
    }
    return value.booleanValue();
  }

  private static String requiredString(JsonNode node, String field) {
    return requiredString(node, field, field);
  }

  private static String requiredString(JsonNode node, String field, String param) {
    String value = optionalString(node, field, param);
    if (value == null) {
      throw bad(param, "Missing required parameter: '" + param + "'.");
    }
    return value;
  }

  private static String optionalString(JsonNode node, String field) {
    return optionalString(node, field, field);
  }

  private static String optionalString(JsonNode node, String field, String param) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw bad(param, "Invalid type for '" + param + "': expected a string");
    }
    return checkText(value.stringValue(), param);
  }

  /** Tab, newline and carriage return are text; other C0 controls and DEL are refused, as on /api/ai/route. */
  private static String checkText(String value, String param) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        throw bad(param, param + " contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
    return value;
  }

  private static ApiException bad(String param, String message) {
    return new ApiException(400, param, param == null ? null : "invalid_value", message);
  }
}
