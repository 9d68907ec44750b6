package io.multiai.gateway.providers.http;

import java.time.Duration;

import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.providers.ProviderRequest;

/** Fallbacks for settings a configuration may leave out. */
public final class Limits {

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  static final int DEFAULT_MAX_TOKENS = 1024;

  private Limits() {}

  /** The request's own limit, else the provider's configured one. */
  public static int maxTokens(ProviderRequest request, ProviderSettings settings) {
    if (request.maxTokens() > 0) {
      return request.maxTokens();
    }
    return settings.maxTokens() > 0 ? settings.maxTokens() : DEFAULT_MAX_TOKENS;
  }

  public static JsonHttpClient httpClient(String name, ProviderSettings settings) {
    Duration connect = settings.connectTimeout() == null ? DEFAULT_CONNECT_TIMEOUT : settings.connectTimeout();
    Duration response = settings.responseTimeout() == null ? DEFAULT_RESPONSE_TIMEOUT : settings.responseTimeout();
    return new JsonHttpClient(name, settings.baseUrl(), connect, response);
  }
}
