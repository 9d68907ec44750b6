package io.multiai.gateway.providers;

/**
 * Why an answer ended, in OpenAI's {@code finish_reason} vocabulary ({@code CreateChatCompletionResponse} in
 * ../shared/specs/openai-openapi.yaml), which the gateway speaks whatever the provider.
 */
public final class FinishReasons {

  /** A natural end, or a stop sequence was reached. */
  public static final String STOP = "stop";
  /** The output budget ({@code max_tokens}) ran out. */
  public static final String LENGTH = "length";
  /** The model called tools and waits for their results. */
  public static final String TOOL_CALLS = "tool_calls";
  /** The provider withheld (part of) the answer: a refusal, a safety or recitation block. */
  public static final String CONTENT_FILTER = "content_filter";

  private FinishReasons() {}

  /**
   * Anthropic's {@code stop_reason} ({@code StopReason} in ../shared/specs/anthropic-openapi.json):
   * end_turn, stop_sequence and pause_turn (a server tool's long turn, which ends the answer here) → stop,
   * max_tokens and model_context_window_exceeded → length, tool_use → tool_calls, refusal → content_filter.
   * Null stays null; an unknown one is passed on as it is rather than guessed.
   */
  public static String fromAnthropic(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    return switch (stopReason) {
      case "end_turn", "stop_sequence", "pause_turn" -> STOP;
      case "max_tokens", "model_context_window_exceeded" -> LENGTH;
      case "tool_use" -> TOOL_CALLS;
      case "refusal" -> CONTENT_FILTER;
      default -> stopReason;
    };
  }

  /**
   * Gemini's {@code Candidate.finishReason}: STOP → stop (tool_calls when the candidate has function calls,
   * which Gemini ends with STOP too), MAX_TOKENS → length, the block reasons (SAFETY, RECITATION, BLOCKLIST,
   * PROHIBITED_CONTENT, SPII, ...) → content_filter, a malformed function call → stop as well (there is no
   * better name; the caller sees no tool call). Null stays null; an unknown one is passed on lower-cased.
   */
  public static String fromGemini(String finishReason, boolean hasFunctionCalls) {
    if (hasFunctionCalls && (finishReason == null || "STOP".equals(finishReason))) {
      return TOOL_CALLS;
    }
    if (finishReason == null) {
      return null;
    }
    return switch (finishReason) {
      case "STOP", "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL" -> STOP;
      case "MAX_TOKENS" -> LENGTH;
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE", "IMAGE_SAFETY",
          "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER", "NO_IMAGE" -> CONTENT_FILTER;
      default -> finishReason.toLowerCase(java.util.Locale.ROOT);
    };
  }
}
