package io.multiai.gateway.providers.http;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON in and out of provider calls, turning unreadable bodies into typed failures. */
public final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  /** The body as a JSON object, or INVALID_RESPONSE (malformed, truncated, empty, not an object). */
  public static JsonNode objectBody(Call call, HttpReply reply) {
    JsonNode node = tryParse(reply.body());
    if (node == null || !node.isObject()) {
      // The parser's message quotes the body, which may echo the prompt: only the size is reported.
      throw call.invalidResponse(reply.status(),
          "answer is not a JSON object (" + reply.body().length() + " chars, malformed or truncated)");
    }
    return node;
  }

  /** The body as JSON when it is some, else null: error bodies from proxies are often HTML or plain text. */
  public static JsonNode tryParse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** A token count; absent or null counts as 0 (OpenAI-compatible servers omit the detail objects). */
  public static long count(JsonNode node) {
    return node != null && node.isNumber() ? node.asLong() : 0;
  }

  /** A string field; absent, null or not a string gives null. */
  public static String text(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }
}
