package io.multiai.gateway.providers.http;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.providers.ProviderRequest;

/**
 * A provider's limits, with {@link ProviderSettings}' defaults (their one home) for settings built by
 * hand without them (tests, tools): configuration binding applies the same defaults.
 */
public final class Limits {

  private static final Duration DEFAULT_CONNECT_TIMEOUT = DurationStyle.detectAndParse(ProviderSettings.DEFAULT_CONNECT_TIMEOUT);
  private static final Duration DEFAULT_RESPONSE_TIMEOUT = DurationStyle.detectAndParse(ProviderSettings.DEFAULT_RESPONSE_TIMEOUT);

  private Limits() {}

  /** The request's own limit, else the provider's configured one. */
  public static int maxTokens(ProviderRequest request, ProviderSettings settings) {
    if (request.maxTokens() > 0) {
      return request.maxTokens();
    }
    return settings.maxTokens() > 0 ? settings.maxTokens() : ProviderSettings.DEFAULT_MAX_TOKENS;
  }

  public static JsonHttpClient httpClient(String name, ProviderSettings settings) {
    Duration connect = settings.connectTimeout() == null ? DEFAULT_CONNECT_TIMEOUT : settings.connectTimeout();
    Duration response = settings.responseTimeout() == null ? DEFAULT_RESPONSE_TIMEOUT : settings.responseTimeout();
    return new JsonHttpClient(name, settings.baseUrl(), connect, response);
  }
}
