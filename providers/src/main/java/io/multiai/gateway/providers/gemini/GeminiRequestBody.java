package io.multiai.gateway.providers.gemini;

import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.http.Json;
import tools.jackson.databind.node.ObjectNode;

/** A {@code GenerateContentRequest}: one user turn with one text part. */
final class GeminiRequestBody {

  private GeminiRequestBody() {}

  static byte[] of(ProviderRequest request, int maxTokens) {
    ObjectNode body = Json.object();
    ObjectNode content = body.putArray("contents").addObject();
    content.put("role", "user");
    content.putArray("parts").addObject().put("text", request.messages().get(request.messages().size() - 1).content() /* interim: full translation follows */);
    // On thinking models this bound covers the thoughts too: a small one can leave no room for text.
    body.putObject("generationConfig").put("maxOutputTokens", maxTokens);
    return Json.bytes(body);
  }
}
