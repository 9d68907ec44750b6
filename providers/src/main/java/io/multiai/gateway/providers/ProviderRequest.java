package io.multiai.gateway.providers;

/**
 * One completion call. {@code prompt} is user text: it must never reach a log line or a metric.
 */
public record ProviderRequest(String requestId, String model, String prompt, int maxTokens) {

  @Override
  public String toString() {
    return "ProviderRequest[requestId=" + requestId + ", model=" + model + ", promptChars=" + prompt.length()
        + ", maxTokens=" + maxTokens + "]";
  }
}
