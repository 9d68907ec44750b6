package io.multiai.gateway.ingress.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.schemas.CostPriority;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's JSON object read strictly, field by field: wrong types are errors (a number is not a
 * query), every error names its field, and any text in any language is accepted.
 */
final class JsonBody {

  static final int MAX_QUERY_CHARS = 5000;
  private static final int MAX_ID_CHARS = 200;

  private final JsonNode root;

  private JsonBody(JsonNode root) {
    this.root = root;
  }

  /** One object already read (a batch item): the same field rules as a whole body. */
  static JsonBody of(JsonNode node, Set<String> allowedFields) {
    if (node == null || !node.isObject()) {
      throw new InvalidRequestException(null, "each item must be a JSON object");
    }
    checkFields(node, allowedFields);
    return new JsonBody(node);
  }

  static JsonBody parse(JsonMapper json, byte[] body, Set<String> allowedFields) {
    if (body == null || body.length == 0) {
      throw new InvalidRequestException(null, "a JSON body is required");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw new InvalidRequestException(null, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException(null, "the body must be a JSON object");
    }
    checkFields(root, allowedFields);
    return new JsonBody(root);
  }

  private static void checkFields(JsonNode root, Set<String> allowedFields) {
    for (String name : root.propertyNames()) {
      if (!allowedFields.contains(name)) {
        throw new InvalidRequestException(name, "unknown field '" + name + "'; allowed: "
            + String.join(", ", allowedFields.stream().sorted().toList()));
      }
    }
  }

  String query() {
    String query = text("query", true);
    if (query.isBlank()) {
      throw new InvalidRequestException("query", "query must not be blank");
    }
    int chars = query.codePointCount(0, query.length());
    if (chars > MAX_QUERY_CHARS) {
      throw new InvalidRequestException("query", "query must be at most " + MAX_QUERY_CHARS + " characters (got " + chars + ")");
    }
    rejectControlCharacters("query", query);
    return query;
  }

  CostPriority costPriority() {
    String value = text("costPriority", false);
    if (value == null) {
      return CostPriority.BALANCED;
    }
    try {
      return CostPriority.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("costPriority", "costPriority must be one of cheap, balanced, quality");
    }
  }

  String text(String field, boolean required) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidRequestException(field, field + " is required");
      }
      return null;
    }
    if (!node.isString()) {
      throw new InvalidRequestException(field, field + " must be a string");
    }
    return node.stringValue();
  }

  /** A short identifier (model id, user id): 1..200 characters, no control characters. */
  String identifier(String field) {
    String value = text(field, false);
    if (value != null) {
      checkIdentifier(field, value);
    }
    return value;
  }

  List<String> identifiers(String field, int max) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > max) {
      throw new InvalidRequestException(field, field + " must be an array of at most " + max + " strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isString()) {
        throw new InvalidRequestException(field, field + " must contain only strings");
      }
      checkIdentifier(field, item.stringValue());
      values.add(item.stringValue());
    }
    return values;
  }

  Boolean bool(String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw new InvalidRequestException(field, field + " must be true or false");
    }
    return node.booleanValue();
  }

  Long integer(String field, long min, long max) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
      throw new InvalidRequestException(field, field + " must be a whole number from " + min + " to " + max);
    }
    return node.longValue();
  }

  private static void checkIdentifier(String field, String value) {
    if (value.isBlank() || value.length() > MAX_ID_CHARS) {
      throw new InvalidRequestException(field, field + " must be 1.." + MAX_ID_CHARS + " characters");
    }
    rejectControlCharacters(field, value);
  }

  /** Tab, newline and carriage return are text; other control characters are not. */
  private static void rejectControlCharacters(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        throw new InvalidRequestException(field, field + " contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
  }
}
