package io.multiai.gateway.providers;

/**
 * Who speaks a {@link ChatMessage}, in OpenAI Chat Completions' vocabulary ({@code ChatCompletionRequestMessage}
 * in ../shared/specs/openai-openapi.yaml). {@link #DEVELOPER} is OpenAI's newer name for system instructions
 * (reasoning models); the other providers treat it as {@link #SYSTEM}.
 */
public enum ChatRole {
  SYSTEM("system"),
  DEVELOPER("developer"),
  USER("user"),
  ASSISTANT("assistant"),
  /** The result of a tool call the assistant made; {@link ChatMessage#toolCallId()} names the call. */
  TOOL("tool");

  private final String wireName;

  ChatRole(String wireName) {
    this.wireName = wireName;
  }

  /** The role as OpenAI writes it ({@code "system"}, {@code "tool"}, ...). */
  public String wireName() {
    return wireName;
  }

  /** The role of an OpenAI wire name, case-insensitive; IllegalArgumentException for another. */
  public static ChatRole fromWire(String name) {
    for (ChatRole role : values()) {
      if (role.wireName.equalsIgnoreCase(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown chat role " + name);
  }

  /** System and developer messages: instructions, which Anthropic and Gemini take apart from the turns. */
  public boolean instruction() {
    return this == SYSTEM || this == DEVELOPER;
  }
}
