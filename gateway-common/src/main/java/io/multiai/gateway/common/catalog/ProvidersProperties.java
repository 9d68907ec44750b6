package io.multiai.gateway.common.catalog;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Provider configuration; defaults live in {@code gateway-defaults.yml}. */
@ConfigurationProperties("gateway.providers")
public record ProvidersProperties(
    ProviderSettings claude,
    ProviderSettings openai,
    ProviderSettings gemini,
    SimulationSettings simulation) {

  public Map<ProviderId, ProviderSettings> byProvider() {
    Map<ProviderId, ProviderSettings> map = new EnumMap<>(ProviderId.class);
    map.put(ProviderId.CLAUDE, claude);
    map.put(ProviderId.OPENAI, openai);
    map.put(ProviderId.GEMINI, gemini);
    return map;
  }

  public ProviderSettings of(ProviderId provider) {
    return byProvider().get(provider);
  }
}
