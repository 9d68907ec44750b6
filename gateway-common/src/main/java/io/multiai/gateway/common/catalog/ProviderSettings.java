package io.multiai.gateway.common.catalog;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach one provider and which of its models the routing table may use.
 *
 * @param maxTokens the answer's token limit when a request sets none
 * @param connectTimeout how long a TCP/TLS connect may take
 * @param responseTimeout how long the provider may take to start answering, and, when streaming,
 *     the longest gap between two events
 */
public record ProviderSettings(
    String apiKey,
    String baseUrl,
    String cheapModel,
    String strongModel,
    @DefaultValue("" + DEFAULT_MAX_TOKENS) int maxTokens,
    @DefaultValue(DEFAULT_CONNECT_TIMEOUT) Duration connectTimeout,
    @DefaultValue(DEFAULT_RESPONSE_TIMEOUT) Duration responseTimeout) {

  // Every default, once.
  public static final int DEFAULT_MAX_TOKENS = 1024;
  public static final String DEFAULT_CONNECT_TIMEOUT = "5s";
  public static final String DEFAULT_RESPONSE_TIMEOUT = "60s";

  /** A provider with a key is called for real; without one the simulator stands in. */
  public boolean live() {
    return apiKey != null && !apiKey.isBlank();
  }

  @Override
  public String toString() {
    // Never print the key, not even in a debug dump of the configuration.
    return "ProviderSettings[live=" + live() + ", baseUrl=" + baseUrl + ", cheapModel=" + cheapModel
        + ", strongModel=" + strongModel + ", maxTokens=" + maxTokens + ", connectTimeout=" + connectTimeout
        + ", responseTimeout=" + responseTimeout + "]";
  }
}
