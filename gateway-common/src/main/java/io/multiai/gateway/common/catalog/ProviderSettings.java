package io.multiai.gateway.common.catalog;

import java.time.Duration;

/** How to reach one provider and which of its models the routing table may use. */
public record ProviderSettings(
    String apiKey,
    String baseUrl,
    String cheapModel,
    String strongModel,
    int maxTokens,
    Duration connectTimeout,
    Duration responseTimeout) {

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
