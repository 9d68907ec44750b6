package io.multiai.gateway.router.answering;

import java.util.List;

import io.multiai.gateway.providers.ChatMessage;
import io.multiai.gateway.providers.ChatRole;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ResponseFormat;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.ToolChoice;
import io.multiai.gateway.providers.ToolDefinition;
import io.multiai.gateway.schemas.ChatTurn;
import io.multiai.gateway.schemas.GenerationOptions;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * The provider call a request asks for: its conversation and generation options (the OpenAI edge) or, without
 * messages, its query as one user message (/api/ai/route). The model is filled in per candidate.
 */
final class ProviderRequests {

  private ProviderRequests() {}

  /** @param defaultMaxTokens the worker's output budget, used when the request sets none */
  static ProviderRequest of(QueryRequest request, int defaultMaxTokens) {
    if (request.getMessages().isEmpty()) {
      return ProviderRequest.ofPrompt(request.getRequestId(), null, request.getQuery(), defaultMaxTokens);
    }
    List<ChatMessage> messages = request.getMessages().stream().map(ProviderRequests::message).toList();
    GenerationOptions options = request.getGeneration();
    if (options == null) {
      return new ProviderRequest(request.getRequestId(), null, messages, defaultMaxTokens, null, null, List.of(), List.of(), null,
          null);
    }
    List<ToolDefinition> tools = options.getTools().stream()
        .map(t -> new ToolDefinition(t.getName(), t.getDescription(), t.getParameters(), t.getStrict())).toList();
    return new ProviderRequest(request.getRequestId(), null, messages,
        options.getMaxTokens() != null ? options.getMaxTokens() : defaultMaxTokens,
        options.getTemperature(), options.getTopP(), options.getStop(), tools, toolChoice(options.getToolChoice()),
        responseFormat(options));
  }

  private static ChatMessage message(ChatTurn turn) {
    List<ToolCall> calls = turn.getToolCalls().stream().map(c -> new ToolCall(c.getId(), c.getName(), c.getArguments())).toList();
    return new ChatMessage(ChatRole.fromWire(turn.getRole()), turn.getContent(), calls, turn.getToolCallId());
  }

  private static ToolChoice toolChoice(String choice) {
    if (choice == null) {
      return null;
    }
    return switch (choice) {
      case "auto" -> ToolChoice.AUTO;
      case "none" -> ToolChoice.NONE;
      case "required" -> ToolChoice.REQUIRED;
      default -> ToolChoice.named(choice.substring(choice.indexOf(':') + 1));
    };
  }

  private static ResponseFormat responseFormat(GenerationOptions options) {
    if (options.getResponseFormat() == null) {
      return null;
    }
    return switch (options.getResponseFormat()) {
      case "json_object" -> ResponseFormat.JSON_OBJECT;
      case "json_schema" -> ResponseFormat.jsonSchema(options.getResponseSchemaName(), options.getResponseSchema(),
          options.getResponseSchemaStrict());
      default -> ResponseFormat.TEXT;
    };
  }
}
