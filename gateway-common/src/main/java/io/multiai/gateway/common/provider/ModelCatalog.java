package io.multiai.gateway.common.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models the gateway knows by configuration: each provider's cheap and strong model. */
public final class ModelCatalog {

  private final Map<String, ModelSpec> byId = new LinkedHashMap<>();

  public ModelCatalog(ProvidersProperties providers) {
    providers.byProvider().forEach((provider, settings) -> {
      byId.put(settings.cheapModel(), new ModelSpec(settings.cheapModel(), provider, ModelTier.CHEAP));
      byId.putIfAbsent(settings.strongModel(), new ModelSpec(settings.strongModel(), provider, ModelTier.STRONG));
    });
  }

  public Optional<ModelSpec> find(String modelId) {
    return Optional.ofNullable(byId.get(modelId));
  }

  public List<ModelSpec> all() {
    return new ArrayList<>(byId.values());
  }

  public List<ModelSpec> of(ProviderId provider) {
    return byId.values().stream().filter(m -> m.provider() == provider).toList();
  }

  /**
   * The provider serving a model id: the catalog's entry, else the provider its id names (a pinned
   * model outside the routing table, e.g. {@code gpt-4o}), else empty.
   */
  public Optional<ProviderId> providerOf(String modelId) {
    ModelSpec known = byId.get(modelId);
    if (known != null) {
      return Optional.of(known.provider());
    }
    String id = modelId.toLowerCase(java.util.Locale.ROOT);
    if (id.startsWith("claude")) {
      return Optional.of(ProviderId.CLAUDE);
    }
    if (id.startsWith("gemini")) {
      return Optional.of(ProviderId.GEMINI);
    }
    if (id.startsWith("gpt") || id.matches("^o\\d.*") || id.startsWith("chatgpt")) {
      return Optional.of(ProviderId.OPENAI);
    }
    return Optional.empty();
  }
}
