package io.multiai.gateway.ingress.route;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import io.multiai.gateway.common.provider.ModelCatalog;
import io.multiai.gateway.common.provider.ProviderId;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.schemas.CostPriority;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates the JSON body of /api/ai/route by hand: strict types (a number is not a query),
 * every error names its field, and any text in any language is a valid query.
 */
public final class RouteRequestParser {

  public static final int MAX_QUERY_CHARS = 5000;
  private static final Set<String> FIELDS = Set.of("query", "costPriority", "provider", "model", "fallback", "userId");
  private static final int MAX_ID_CHARS = 200;

  private final JsonMapper json;
  private final ModelCatalog catalog;

  public RouteRequestParser(JsonMapper json, ModelCatalog catalog) {
    this.json = json;
    this.catalog = catalog;
  }

  public RouteCommand parse(byte[] body) {
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
    for (Iterator<String> names = root.propertyNames().iterator(); names.hasNext();) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidRequestException(name, "unknown field '" + name + "'; allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    String query = text(root, "query", true);
    if (query.isBlank()) {
      throw new InvalidRequestException("query", "query must not be blank");
    }
    int chars = query.codePointCount(0, query.length());
    if (chars > MAX_QUERY_CHARS) {
      throw new InvalidRequestException("query", "query must be at most " + MAX_QUERY_CHARS + " characters (got " + chars + ")");
    }
    rejectControlCharacters(query);
    CostPriority costPriority = costPriority(text(root, "costPriority", false));
    String provider = text(root, "provider", false);
    if (provider != null && ProviderId.fromWireName(provider).isEmpty()) {
      throw new InvalidRequestException("provider", "provider must be one of claude, openai, gemini");
    }
    String model = identifier(root, "model");
    if (model != null && provider == null && catalog.providerOf(model).isEmpty()) {
      throw new InvalidRequestException("model", "unknown model '" + model + "': name its provider too");
    }
    if (model != null && provider != null && catalog.find(model).isPresent()
        && catalog.find(model).get().provider() != ProviderId.fromWireName(provider).get()) {
      throw new InvalidRequestException("model", "model '" + model + "' is not served by provider " + provider);
    }
    Boolean fallback = null;
    JsonNode fallbackNode = root.get("fallback");
    if (fallbackNode != null && !fallbackNode.isNull()) {
      if (!fallbackNode.isBoolean()) {
        throw new InvalidRequestException("fallback", "fallback must be true or false");
      }
      fallback = fallbackNode.booleanValue();
    }
    return new RouteCommand(query, costPriority, provider == null ? null : provider.toLowerCase(Locale.ROOT), model, fallback,
        identifier(root, "userId"));
  }

  private static String text(JsonNode root, String field, boolean required) {
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

  private static String identifier(JsonNode root, String field) {
    String value = text(root, field, false);
    if (value != null && (value.isBlank() || value.length() > MAX_ID_CHARS)) {
      throw new InvalidRequestException(field, field + " must be 1.." + MAX_ID_CHARS + " characters");
    }
    if (value != null) {
      rejectControlCharactersIn(field, value);
    }
    return value;
  }

  private static CostPriority costPriority(String value) {
    if (value == null) {
      return CostPriority.BALANCED;
    }
    try {
      return CostPriority.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("costPriority", "costPriority must be one of cheap, balanced, quality");
    }
  }

  private static void rejectControlCharacters(String query) {
    rejectControlCharactersIn("query", query);
  }

  /** Tab, newline and carriage return are text; other control characters are not. */
  private static void rejectControlCharactersIn(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        throw new InvalidRequestException(field, field + " contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
  }
}
