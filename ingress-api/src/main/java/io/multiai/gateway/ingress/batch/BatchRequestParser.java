package io.multiai.gateway.ingress.batch;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.ingress.problem.RequestFields;
import io.multiai.gateway.ingress.route.RouteCommand;
import io.multiai.gateway.ingress.route.RouteRequestParser;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a batch body: JSON {@code {items: [...], userId?, webhookUrl?, metadata?}} or JSONL (one item per
 * line; blank lines skipped). Each item is validated by {@link RouteRequestParser#parseItem} — the route
 * request's rules — so a batch accepts exactly what {@code /api/ai/route} would. The first bad item ends
 * the parse with a {@link BadItem} naming its customId (when it has a readable one), its line (JSONL: the
 * line number; JSON: the item's 1-based position) and the field: nothing is queued.
 */
final class BatchRequestParser {

  private static final Set<String> FIELDS = Set.of("items", "userId", "webhookUrl", "metadata");
  private static final int MAX_METADATA = 16;

  /** A refused item: 400 with {@code customId}, {@code line} and {@code field}. */
  static final class BadItem extends InvalidRequestException {
    private final String customId;
    private final int line;

    BadItem(String customId, int line, String field, String message) {
      super(field, message);
      this.customId = customId;
      this.line = line;
    }

    String customId() {
      return customId;
    }

    int line() {
      return line;
    }
  }

  private final JsonMapper json;
  private final RouteRequestParser items;
  private final int maxItems;

  BatchRequestParser(JsonMapper json, RouteRequestParser items, int maxItems) {
    this.json = json;
    this.items = items;
    this.maxItems = maxItems;
  }

  /** JSONL: every line an item; batch-level options (userId, webhook, metadata) come from query parameters. */
  BatchSubmission parseLines(byte[] body, String userId, String webhookUrl) {
    String text = utf8(body);
    List<BatchSubmission.Item> parsed = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int lineNumber = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (JacksonException e) {
        throw new BadItem(null, lineNumber, null, "line " + lineNumber + " is not a JSON object");
      }
      add(parsed, seen, node, lineNumber);
    }
    checkCount(parsed.size());
    return new BatchSubmission(List.copyOf(parsed), identifier("userId", userId), webhookUrl, Map.of());
  }

  BatchSubmission parseJson(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(utf8(body));
    } catch (JacksonException e) {
      throw new InvalidRequestException(null, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException(null, "the body must be a JSON object with items");
    }
    for (String name : root.propertyNames()) {
      if (!FIELDS.contains(name)) {
        throw new InvalidRequestException(name, "unknown field '" + name + "'; allowed: items, metadata, userId, webhookUrl");
      }
    }
    JsonNode array = root.get("items");
    if (array == null || !array.isArray()) {
      throw new InvalidRequestException("items", "items must be an array of 1.." + maxItems + " objects");
    }
    checkCount(array.size());
    List<BatchSubmission.Item> parsed = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int position = 0;
    for (JsonNode node : array) {
      add(parsed, seen, node, ++position);
    }
    return new BatchSubmission(List.copyOf(parsed), identifier("userId", RequestFields.optionalText(root, "userId")),
        RequestFields.optionalText(root, "webhookUrl"),
        metadata(root.get("metadata")));
  }

  private void add(List<BatchSubmission.Item> parsed, Map<String, Integer> seen, JsonNode node, int line) {
    String customId = node != null && node.isObject() && node.get("customId") != null && node.get("customId").isString()
        ? node.get("customId").stringValue() : null;
    if (parsed.size() >= maxItems) {
      throw new InvalidRequestException("items", "a batch holds at most " + maxItems + " items");
    }
    RouteCommand command;
    try {
      command = items.parseItem(node);
    } catch (InvalidRequestException e) {
      throw new BadItem(customId, line, e.field(), "item at line " + line + (customId == null ? "" : " (customId '" + customId + "')")
          + ": " + e.getMessage());
    }
    Integer earlier = seen.putIfAbsent(customId, line);
    if (earlier != null) {
      throw new BadItem(customId, line, "customId", "item at line " + line + ": customId '" + customId
          + "' is already used at line " + earlier);
    }
    parsed.add(new BatchSubmission.Item(customId, command));
  }

  private void checkCount(int count) {
    if (count < 1 || count > maxItems) {
      throw new InvalidRequestException("items", "a batch holds 1.." + maxItems + " items (got " + count + ")");
    }
  }


  private static String identifier(String field, String value) {
    if (value != null && (value.isBlank() || value.length() > 200 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
      throw new InvalidRequestException(field, field + " must be 1..200 characters without control characters");
    }
    return value;
  }

  private static Map<String, String> metadata(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject() || node.size() > MAX_METADATA) {
      throw new InvalidRequestException("metadata", "metadata must be an object of at most " + MAX_METADATA + " string values");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : node.propertyNames()) {
      JsonNode value = node.get(key);
      if (key.length() > 64 || !value.isString() || value.stringValue().length() > 512) {
        throw new InvalidRequestException("metadata", "metadata keys are at most 64 characters, values strings of at most 512");
      }
      values.put(key, value.stringValue());
    }
    return values;
  }

  private static String utf8(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidRequestException(null, "a body with items is required");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException(null, "the body is not valid UTF-8");
    }
  }
}
