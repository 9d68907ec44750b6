package io.multiai.gateway.providers.anthropic;

import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.http.Json;
import tools.jackson.databind.node.ObjectNode;

/** The Messages API request: {@code CreateMessageParams} with its three required fields. */
final class AnthropicRequestBody {

  private AnthropicRequestBody() {}

  static byte[] of(ProviderRequest request, int maxTokens) {
    ObjectNode body = Json.object();
    body.put("model", request.model());
    body.put("max_tokens", maxTokens);
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    // A plain string is the API's shorthand for one text block.
    message.put("content", request.messages().get(request.messages().size() - 1).content() /* interim: full translation follows */);
    return Json.bytes(body);
  }
}
