package io.multiai.gateway.providers;

import java.util.Objects;

/**
 * Whether and which tool the model must call: OpenAI's {@code tool_choice} ({@code auto}, {@code none},
 * {@code required}, or one named function).
 *
 * @param name the function for {@link Mode#NAMED}; null otherwise
 */
public record ToolChoice(Mode mode, String name) {

  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  public enum Mode {
    /** The model decides (the default when tools are given). */
    AUTO,
    /** No tool call: answer in text. */
    NONE,
    /** At least one tool call, the model picks which. */
    REQUIRED,
    /** A call of {@link ToolChoice#name()}. */
    NAMED
  }

  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.NAMED && (name == null || name.isBlank())) {
      throw new IllegalArgumentException("a NAMED tool choice needs the function's name");
    }
    if (mode != Mode.NAMED) {
      name = null;
    }
  }

  public static ToolChoice named(String name) {
    return new ToolChoice(Mode.NAMED, name);
  }
}
