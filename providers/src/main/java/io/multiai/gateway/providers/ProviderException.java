package io.multiai.gateway.providers;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;

/**
 * A failed provider call, typed so the resilience layer can decide to retry, wait or fall back.
 *
 * <p>{@link #usage()} is the usage the provider reported with the failure, when it reported any: a 2xx
 * whose answer is unusable (empty after spending the whole output budget on reasoning, a refusal, a
 * blocked candidate) is still billed, so the tokens travel with the failure to the call's MetricEvent
 * and the request's cost. Empty for failures without a usable body (4xx/5xx errors, timeouts).
 */
public class ProviderException extends RuntimeException {

  private final ProviderId provider;
  private final String model;
  private final ErrorType type;
  private final int httpStatus;
  private final Duration retryAfter;
  private final Map<String, String> rateLimitHeaders;
  private final Usage usage;

  public ProviderException(ProviderId provider, String model, ErrorType type, int httpStatus, String message,
      Duration retryAfter, Map<String, String> rateLimitHeaders, Throwable cause) {
    this(provider, model, type, httpStatus, message, retryAfter, rateLimitHeaders, null, cause);
  }

  /** @param usage the billed usage the provider reported with this failure, or null when it reported none */
  public ProviderException(ProviderId provider, String model, ErrorType type, int httpStatus, String message,
      Duration retryAfter, Map<String, String> rateLimitHeaders, Usage usage, Throwable cause) {
    super(message, cause);
    this.usage = usage;
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

  /**
   * True when a stream failed after it had emitted chunks ({@link MidStreamException}): too late to retry or
   * fall back. False for every failure of a plain call and for a stream's failure before its first chunk,
   * which is retried like a plain call's.
   */
  public boolean midStream() {
    return false;
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

  /** The tokens the provider billed for this failed call, when it said. */
  public Optional<Usage> usage() {
    return Optional.ofNullable(usage);
  }

  /**
   * The provider's reason without the "{@code PROVIDER model: }" prefix the clients put first: already
   * scrubbed and bounded by whoever built the exception (see {@code http.Call}).
   */
  public String reason() {
    String message = getMessage() == null ? "" : getMessage();
    String prefix = provider + " " + model + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
