package io.multiai.gateway.providers.conformance;

import java.util.List;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ChatMessage;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ResponseFormat;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.ToolChoice;
import io.multiai.gateway.providers.ToolDefinition;

/**
 * One case of the translation conformance table, the same for every provider: a request, and the answer its
 * fixtures must read as. Fixtures: {@code providers/conformance/<provider>/<name>.request.json} (the body the
 * client must send), {@code .answer.json} (the provider's plain answer), {@code .stream.sse} (its streamed one).
 *
 * @param toolCall the expected tool call, its id left to each provider ({@link #toolCallId})
 */
public record ConformanceCase(String name, ProviderRequest request, String text, ToolCall toolCall,
    String finishReason, Usage usage) {

  static final String PROMPT = "What is the capital of the Netherlands?";
  static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
      + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\"],"
      + "\"additionalProperties\":false}";
  static final String CAPITAL_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
      + "\"country\":{\"type\":\"string\"}},\"required\":[\"city\",\"country\"],\"additionalProperties\":false}";
  static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Current weather in a city", WEATHER_SCHEMA,
      null);
  static final String ARGS = "{\"city\":\"Amsterdam\",\"unit\":\"celsius\"}";
  static final Usage USAGE = Usage.of(21, 9);
  /** 2006 input of which 1920 cached; 300 output of which 256 reasoning. */
  static final Usage CACHED_REASONING = new Usage(2006, 300, 1920, 256);

  public static final List<ConformanceCase> ALL = List.of(
      text("plain-text", request(List.of(ChatMessage.user(PROMPT))), "The capital of the Netherlands is Amsterdam."),
      text("system-prompt", request(List.of(ChatMessage.system("You are a terse geography tutor."),
          new ChatMessage(io.multiai.gateway.providers.ChatRole.DEVELOPER, "Answer in English.", null, null),
          ChatMessage.user(PROMPT))), "Amsterdam."),
      text("multi-turn", new ProviderRequest("req-1", null, List.of(ChatMessage.user(PROMPT),
          ChatMessage.assistant("Amsterdam."), ChatMessage.user("And how many people live there?")), 128, 0.2, 0.9,
          null, null, null, null), "About 930,000 people."),
      new ConformanceCase("tool-call", new ProviderRequest("req-1", null,
          List.of(ChatMessage.user("What is the weather in Amsterdam?")), 128, null, null, null, List.of(WEATHER),
          ToolChoice.named("get_weather"), null), "", new ToolCall("per provider", "get_weather", ARGS), "tool_calls",
          USAGE),
      text("tool-result", new ProviderRequest("req-1", null, List.of(
          ChatMessage.user("What is the weather in Amsterdam?"),
          ChatMessage.assistant(null, List.of(new ToolCall("call_1", "get_weather", ARGS))),
          ChatMessage.tool("call_1", "{\"temperature_c\":18,\"sky\":\"cloudy\"}")), 128, null, null, null,
          List.of(WEATHER), ToolChoice.AUTO, null), "It is 18 °C and cloudy in Amsterdam."),
      text("json-schema", new ProviderRequest("req-1", null, List.of(ChatMessage.user(PROMPT)), 128, null, null, null,
          null, null, ResponseFormat.jsonSchema("capital", CAPITAL_SCHEMA, true)),
          "{\"city\":\"Amsterdam\",\"country\":\"Netherlands\"}"),
      text("json-object", new ProviderRequest("req-1", null, List.of(ChatMessage.user(PROMPT + " Answer in JSON.")), 128,
          null, null, null, null, null, ResponseFormat.JSON_OBJECT), "{\"capital\":\"Amsterdam\"}"),
      text("stop-sequence", new ProviderRequest("req-1", null, List.of(ChatMessage.user(PROMPT)), 128, null, null,
          List.of("\n\n", "END"), null, null, null), "Amsterdam"),
      new ConformanceCase("usage-cached-reasoning", request(List.of(ChatMessage.user(PROMPT))),
          "Amsterdam is the capital.", null, "stop", CACHED_REASONING));

  private static ProviderRequest request(List<ChatMessage> messages) {
    return new ProviderRequest("req-1", null, messages, 128, null, null, null, null, null, null);
  }

  private static ConformanceCase text(String name, ProviderRequest request, String text) {
    return new ConformanceCase(name, request, text, null, "stop", USAGE);
  }

  /** The id each provider's fixture gives the tool call (Gemini's made up from its responseId). */
  static String toolCallId(ProviderId provider) {
    return switch (provider) {
      case OPENAI -> "call_weather_1";
      case CLAUDE -> "toolu_weather_1";
      case GEMINI -> "call_resp-tool-call_0";
    };
  }

  /**
   * The usage each provider's fixture must read as. Anthropic reports no reasoning count (thinking is inside
   * {@code output_tokens}), so its reasoning tokens stay 0.
   */
  Usage usage(ProviderId provider) {
    return provider == ProviderId.CLAUDE ? new Usage(usage.inputTokens(), usage.outputTokens(),
        usage.cachedInputTokens(), 0) : usage;
  }

  @Override
  public String toString() {
    return name;
  }
}
