package io.multiai.gateway.providers;

import java.util.Objects;

/**
 * A call of a tool (function) the model asked for: OpenAI's {@code ChatCompletionMessageToolCall}, Anthropic's
 * {@code tool_use} block, Gemini's {@code functionCall} part.
 *
 * @param id the provider's id of the call, which a later {@link ChatRole#TOOL} message answers
 *     ({@link ChatMessage#toolCallId()}); Gemini gives none, so its client makes one up
 * @param name the function's name
 * @param arguments the arguments as JSON text (an object), as the model wrote them: not validated here.
 *     Model output: never logged.
 */
public record ToolCall(String id, String name, String arguments) {

  public ToolCall {
    Objects.requireNonNull(name, "name");
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }

  @Override
  public String toString() {
    return "ToolCall[id=" + id + ", name=" + name + ", argumentsChars=" + arguments.length() + "]";
  }
}
