package io.multiai.gateway.local;

import java.util.HashMap;
import java.util.Map;

import io.multiai.gateway.providers.fake.FakeHttpServer;

/** One fake per provider, speaking its wire format, and the properties that point live clients at them. */
final class ProviderFakes implements AutoCloseable {

  final FakeHttpServer anthropic = FakeHttpServer.start();
  final FakeHttpServer openai = FakeHttpServer.start();
  final FakeHttpServer gemini = FakeHttpServer.start();

  /** Every provider live (a key set) and pointed at its fake; OpenAI's base URL carries /v1 like the SDKs'. */
  Map<String, Object> liveProviders() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("gateway.providers.claude.api-key", "test-anthropic-key");
    properties.put("gateway.providers.claude.base-url", anthropic.baseUrl());
    properties.put("gateway.providers.openai.api-key", "test-openai-key");
    properties.put("gateway.providers.openai.base-url", openai.baseUrl() + "/v1");
    properties.put("gateway.providers.gemini.api-key", "test-gemini-key");
    properties.put("gateway.providers.gemini.base-url", gemini.baseUrl());
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
