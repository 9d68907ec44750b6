package io.multiai.gateway.providers;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation, in OpenAI's shape (the richest of the three providers; the clients
 * translate it).
 *
 * @param content the text; null for an assistant message that only calls tools. User text: never logged.
 * @param toolCalls the tools an {@link ChatRole#ASSISTANT} message called (empty otherwise, never null)
 * @param toolCallId for a {@link ChatRole#TOOL} message, the id of the call it answers; null otherwise
 */
public record ChatMessage(ChatRole role, String content, List<ToolCall> toolCalls, String toolCallId) {

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(ChatRole.SYSTEM, content, List.of(), null);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(ChatRole.USER, content, List.of(), null);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(ChatRole.ASSISTANT, content, List.of(), null);
  }

  /** An assistant turn that calls tools, with or without text. */
  public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
    return new ChatMessage(ChatRole.ASSISTANT, content, toolCalls, null);
  }

  /** The result of the call {@code toolCallId}, as text (often JSON). */
  public static ChatMessage tool(String toolCallId, String content) {
    return new ChatMessage(ChatRole.TOOL, content, List.of(), toolCallId);
  }

  @Override
  public String toString() {
    return "ChatMessage[role=" + role + ", chars=" + (content == null ? 0 : content.length()) + ", toolCalls="
        + toolCalls + (toolCallId == null ? "" : ", toolCallId=" + toolCallId) + "]";
  }
}
