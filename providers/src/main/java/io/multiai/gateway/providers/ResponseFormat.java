package io.multiai.gateway.providers;

import java.util.Objects;

/**
 * The shape of the answer: OpenAI's {@code response_format} ({@code ResponseFormatText},
 * {@code ResponseFormatJsonObject}, {@code ResponseFormatJsonSchema}).
 *
 * @param name the schema's name ({@link Kind#JSON_SCHEMA} only; OpenAI requires one)
 * @param schema the JSON Schema as JSON text ({@link Kind#JSON_SCHEMA} only), else null
 * @param strict OpenAI's strict schema adherence; null for the provider's default
 */
public record ResponseFormat(Kind kind, String name, String schema, Boolean strict) {

  public static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null, null, null);
  public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Kind.JSON_OBJECT, null, null, null);

  public enum Kind {
    TEXT,
    /** Any valid JSON object. */
    JSON_OBJECT,
    /** JSON following {@link ResponseFormat#schema()}. */
    JSON_SCHEMA
  }

  public ResponseFormat {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.JSON_SCHEMA && (schema == null || schema.isBlank())) {
      throw new IllegalArgumentException("a JSON_SCHEMA response format needs the schema");
    }
  }

  public static ResponseFormat jsonSchema(String name, String schema, Boolean strict) {
    return new ResponseFormat(Kind.JSON_SCHEMA, name, schema, strict);
  }

  /** True for the JSON kinds: the answer must be a JSON object. */
  public boolean json() {
    return kind != Kind.TEXT;
  }

  @Override
  public String toString() {
    return "ResponseFormat[kind=" + kind + ", name=" + name + ", schemaChars=" + (schema == null ? 0 : schema.length())
        + ", strict=" + strict + "]";
  }
}
