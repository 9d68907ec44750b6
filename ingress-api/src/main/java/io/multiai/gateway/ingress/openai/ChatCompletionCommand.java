package io.multiai.gateway.ingress.openai;

import java.util.List;

import io.multiai.gateway.schemas.ChatTurn;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.GenerationOptions;

/**
 * A validated {@code CreateChatCompletionRequest}. Holds user text: printed as sizes only.
 *
 * @param requestedModel the {@code model} as sent ({@code auto}, a catalog id, or {@code provider/model})
 * @param provider the pinned provider's wire name, or null
 * @param model the pinned model id, or null for {@code auto}
 * @param query the text the router classifies complexity by: the last user message's text
 * @param generation null when the caller set none of the generation parameters
 * @param userId {@code user} (or {@code safety_identifier}); hashed before it leaves the edge
 */
public record ChatCompletionCommand(String requestedModel, String provider, String model, CostPriority costPriority,
    List<ChatTurn> messages, String query, GenerationOptions generation, String userId, boolean stream,
    boolean includeUsage) {

  @Override
  public String toString() {
    return "ChatCompletionCommand[model=" + requestedModel + ", messages=" + messages.size() + ", stream=" + stream + "]";
  }
}
