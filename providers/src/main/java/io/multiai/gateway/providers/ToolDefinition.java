package io.multiai.gateway.providers;

import java.util.Objects;

/**
 * A function the model may call: OpenAI's {@code FunctionObject}, Anthropic's {@code Tool}
 * ({@code input_schema}), Gemini's {@code FunctionDeclaration}.
 *
 * @param description what it does, for the model; may be null
 * @param parameters the arguments' JSON Schema (an object schema) as JSON text, or null for none
 * @param strict OpenAI's structured-outputs flag (arguments exactly follow the schema); null to leave it to the
 *     provider's default. Anthropic and Gemini have no equivalent and ignore it.
 */
public record ToolDefinition(String name, String description, String parameters, Boolean strict) {

  public ToolDefinition {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return "ToolDefinition[name=" + name + ", parametersChars=" + (parameters == null ? 0 : parameters.length()) + "]";
  }
}
