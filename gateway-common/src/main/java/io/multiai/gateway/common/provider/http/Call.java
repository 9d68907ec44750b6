package io.multiai.gateway.common.provider.http;

import java.time.Duration;
import java.util.Map;

import io.multiai.gateway.common.provider.ErrorType;
import io.multiai.gateway.common.provider.ProviderException;
import io.multiai.gateway.common.provider.ProviderId;

/**
 * One outgoing call, as far as failures need to know it. Every {@link ProviderException} a live client
 * raises is built here, so every message goes through the same scrubbing: the API key and the prompt
 * are cut out (providers do echo both: OpenAI quotes a partial key on 401, some servers quote the input
 * on 400) and the text is bounded.
 */
public final class Call {

  static final int MAX_MESSAGE_CHARS = 300;
  private static final String REDACTED = "[redacted]";

  private final ProviderId provider;
  private final String model;
  private final String apiKey;
  private final String prompt;

  public Call(ProviderId provider, String model, String apiKey, String prompt) {
    this.provider = provider;
    this.model = model;
    this.apiKey = apiKey;
    this.prompt = prompt;
  }

  public ProviderId provider() {
    return provider;
  }

  public String model() {
    return model;
  }

  public ProviderException failure(ErrorType type, int status, String message, Duration retryAfter,
      Map<String, String> rateLimitHeaders, Throwable cause) {
    return new ProviderException(provider, model, type, status, provider + " " + model + ": " + scrub(message),
        retryAfter, rateLimitHeaders, cause);
  }

  public ProviderException failure(ErrorType type, String message) {
    return failure(type, 0, message, null, Map.of(), null);
  }

  /** A 2xx whose body gives no usable answer. */
  public ProviderException invalidResponse(int status, String message) {
    return failure(ErrorType.INVALID_RESPONSE, status, message, null, Map.of(), null);
  }

  public ProviderException contentBlocked(int status, String message) {
    return failure(ErrorType.CONTENT_BLOCKED, status, message, null, Map.of(), null);
  }

  String scrub(String message) {
    String text = message == null ? "" : message;
    if (apiKey != null && !apiKey.isBlank()) {
      text = text.replace(apiKey, REDACTED);
    }
    if (prompt != null && !prompt.isBlank()) {
      text = text.replace(prompt, REDACTED);
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  @Override
  public String toString() {
    return "Call[provider=" + provider + ", model=" + model + "]";
  }
}
