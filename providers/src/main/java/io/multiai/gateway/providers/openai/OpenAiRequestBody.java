package io.multiai.gateway.providers.openai;

import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.http.Json;
import tools.jackson.databind.node.ObjectNode;

/** A {@code CreateChatCompletionRequest} with one user message. */
final class OpenAiRequestBody {

  private OpenAiRequestBody() {}

  static byte[] of(ProviderRequest request, int maxTokens) {
    ObjectNode body = Json.object();
    body.put("model", request.model());
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    message.put("content", request.messages().get(request.messages().size() - 1).content() /* interim: full translation follows */);
    // Not the deprecated max_tokens: reasoning models reject it, and this bound includes reasoning tokens.
    body.put("max_completion_tokens", maxTokens);
    return Json.bytes(body);
  }
}
