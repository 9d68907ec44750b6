package io.multiai.gateway.providers.http;

import tools.jackson.databind.JsonNode;

/** JSON text carried inside requests (tool arguments, schemas), checked where it enters a provider's body. */
public final class JsonText {

  private JsonText() {}

  /**
   * The JSON value {@code text} holds; IllegalArgumentException when it is not JSON. The message names
   * {@code what}, never the text (it may be user text).
   */
  public static JsonNode parse(String text, String what) {
    JsonNode node = Json.tryParse(text);
    if (node == null) {
      throw new IllegalArgumentException(what + " is not valid JSON");
    }
    return node;
  }

  /** As {@link #parse}, requiring an object (tool arguments and object schemas are). */
  public static JsonNode object(String text, String what) {
    JsonNode node = parse(text, what);
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    return node;
  }

  /** Compact JSON text of a node. */
  public static String of(JsonNode node) {
    return new String(Json.bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }
}
