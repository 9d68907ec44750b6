package io.multiai.gateway.local;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.multiai.gateway.providers.fake.FakeHttpServer;

/** One fake per provider, speaking its wire format, and the properties that point live clients at them. */
final class ProviderFakes implements AutoCloseable {

  final FakeHttpServer anthropic = FakeHttpServer.start();
  final FakeHttpServer openai = FakeHttpServer.start();
  final FakeHttpServer gemini = FakeHttpServer.start();

  /**
   * Properties that make the named providers ({@code claude}, {@code openai}, {@code gemini}; none
   * named: all three) live, with a key, and point them at their fakes; OpenAI's base URL carries /v1
   * like the SDKs'. Providers not named stay simulated.
   */
  Map<String, Object> liveProviders(String... providers) {
    Set<String> live = providers.length == 0 ? Set.of("claude", "openai", "gemini") : Set.of(providers);
    Map<String, Object> properties = new HashMap<>();
    if (live.contains("claude")) {
      properties.put("gateway.providers.claude.api-key", "test-anthropic-key");
      properties.put("gateway.providers.claude.base-url", anthropic.baseUrl());
    }
    if (live.contains("openai")) {
      properties.put("gateway.providers.openai.api-key", "test-openai-key");
      properties.put("gateway.providers.openai.base-url", openai.baseUrl() + "/v1");
    }
    if (live.contains("gemini")) {
      properties.put("gateway.providers.gemini.api-key", "test-gemini-key");
      properties.put("gateway.providers.gemini.base-url", gemini.baseUrl());
    }
    return properties;
  }

  /** Forgets what an earlier test scripted and never used; see {@link FakeHttpServer#discardUnusedScript}. */
  void discardUnusedScripts() {
    anthropic.discardUnusedScript();
    openai.discardUnusedScript();
    gemini.discardUnusedScript();
  }

  @Override
  public void close() {
    anthropic.close();
    openai.close();
    gemini.close();
  }
}
