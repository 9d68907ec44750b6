package io.multiai.gateway.common.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A failed provider call, typed so the resilience layer can decide to retry, wait or fall back. */
public class ProviderException extends RuntimeException {

  private final ProviderId provider;
  private final String model;
  private final ErrorType type;
  private final int httpStatus;
  private final Duration retryAfter;
  private final Map<String, String> rateLimitHeaders;

  public ProviderException(ProviderId provider, String model, ErrorType type, int httpStatus, String message,
      Duration retryAfter, Map<String, String> rateLimitHeaders, Throwable cause) {
    super(message, cause);
    this.provider = provider;
    this.model = model;
    this.type = type;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.rateLimitHeaders = rateLimitHeaders == null ? Map.of() : Map.copyOf(rateLimitHeaders);
  }

  public ProviderException(ProviderId provider, String model, ErrorType type, String message) {
    this(provider, model, type, 0, message, null, Map.of(), null);
  }

  public ProviderId provider() {
    return provider;
  }

  public String model() {
    return model;
  }

  public ErrorType type() {
    return type;
  }

  public boolean retryable() {
    return type.retryable();
  }

  /** 0 when the failure was not an HTTP answer (timeout, connection). */
  public int httpStatus() {
    return httpStatus;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Map<String, String> rateLimitHeaders() {
    return rateLimitHeaders;
  }
}
