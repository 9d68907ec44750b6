package io.multiai.gateway.common.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The models the gateway knows by configuration: each provider's cheap and strong model, and the
 * context windows of the models the providers document.
 */
public final class ModelCatalog {

  /**
   * Context window in tokens (input and output together, as each provider states it), from the providers'
   * model pages as of 2025-11: Anthropic "Context window: 200K tokens" for Claude 4.5 (the 1M window of
   * Sonnet is a beta behind a header this gateway does not send); OpenAI 400,000 for the GPT-5 family,
   * 1,047,576 for GPT-4.1, 128,000 for GPT-4o; Google "input token limit 1,048,576" for Gemini 2.5.
   * Used to fall back after "input too long" only to a model that can take more.
   */
  private static final Map<String, Long> CONTEXT_WINDOWS = Map.ofEntries(
      Map.entry("claude-haiku-4-5", 200_000L),
      Map.entry("claude-sonnet-4-5", 200_000L),
      Map.entry("claude-opus-4-5", 200_000L),
      Map.entry("gpt-5-mini", 400_000L),
      Map.entry("gpt-5", 400_000L),
      Map.entry("gpt-5-nano", 400_000L),
      Map.entry("gpt-4.1-mini", 1_047_576L),
      Map.entry("gpt-4o", 128_000L),
      Map.entry("gemini-2.5-flash", 1_048_576L),
      Map.entry("gemini-2.5-flash-lite", 1_048_576L),
      Map.entry("gemini-2.5-pro", 1_048_576L));

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

  /** The model's context window in tokens; empty for a model whose window the catalog does not know. */
  public OptionalLong contextWindow(String modelId) {
    Long window = CONTEXT_WINDOWS.get(GeminiIds.bare(modelId));
    return window == null ? OptionalLong.empty() : OptionalLong.of(window);
  }

  /** Gemini model names may come as {@code models/gemini-...}. */
  private static final class GeminiIds {
    static String bare(String modelId) {
      return modelId.startsWith("models/") ? modelId.substring("models/".length()) : modelId;
    }
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
