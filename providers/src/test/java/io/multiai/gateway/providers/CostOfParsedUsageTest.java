package io.multiai.gateway.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelPrice;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;

/** Usage as the clients parse it prices cached input at the cache rate and reasoning as output. */
class CostOfParsedUsageTest {

  /** USD per million tokens, as in gateway-defaults.yml. */
  private final CostCalculator costs = new CostCalculator(new PricingProperties(Map.of(
      "claude-haiku-4-5", new ModelPrice(1.00, 5.00, 0.10),
      "gpt-5-mini", new ModelPrice(0.25, 2.00, 0.025),
      "gemini-2.5-flash", new ModelPrice(0.30, 2.50, 0.03))));

  private Usage parsed(LiveClientCase provider, String fixture) {
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.json(200, Fixtures.read(fixture)));
      ProviderClient client = provider.client(server);
      try {
        return client.complete(provider.request()).block(Duration.ofSeconds(5)).usage();
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @Test
  void openAiCachedPromptTokensCostTheCacheRateAndReasoningTokensCostOutputOnce() {
    Usage usage = parsed(LiveClientCase.OPENAI, "providers/openai/chat-completion-cached-reasoning.json");

    // 176 uncached x 0.25 + 1024 cached x 0.025 + 300 output (256 of them reasoning) x 2.00
    assertThat(costs.cost("gpt-5-mini", usage)).hasValueSatisfying(
        usd -> assertThat(usd).isCloseTo((176 * 0.25 + 1024 * 0.025 + 300 * 2.00) / 1e6, within(1e-12)));
  }

  @Test
  void anthropicCacheReadsCostTheCacheRateCacheWritesTheirOwnAndTheUncachedRestTheInputRate() {
    Usage usage = parsed(LiveClientCase.CLAUDE, "providers/anthropic/message-with-cache.json");

    // 44 uncached x 1.00 + 100 cache writes (5-minute) x 1.25 + 2051 cache reads x 0.10 + 503 output x 5.00
    assertThat(costs.cost("claude-haiku-4-5", usage)).hasValueSatisfying(
        usd -> assertThat(usd).isCloseTo((44 * 1.00 + 100 * 1.25 + 2051 * 0.10 + 503 * 5.00) / 1e6, within(1e-12)));
  }

  @Test
  void anthropicCacheWritesWithoutALifetimeSplitAreFiveMinuteWritesAtOneAndAQuarterTimesInput() {
    Usage usage = parsed(LiveClientCase.CLAUDE, "providers/anthropic/message-cache-read-and-write.json");

    // Issue 17's example: 50 x 1.00 + 5000 x 0.10 + 2000 x 1.25 + 100 x 5.00 = 3,550 per million = $0.00355
    assertThat(costs.cost("claude-haiku-4-5", usage)).hasValueSatisfying(usd -> assertThat(usd).isCloseTo(0.00355, within(1e-12)));
  }

  @Test
  void anthropicOneHourCacheWritesCostTwiceTheInputPrice() {
    Usage usage = parsed(LiveClientCase.CLAUDE, "providers/anthropic/message-cache-writes-5m-and-1h.json");

    assertThat(usage.cacheWrite5mTokens()).isEqualTo(1500);
    assertThat(usage.cacheWrite1hTokens()).isEqualTo(500);
    // 50 x 1.00 + 5000 x 0.10 + 1500 x 1.25 + 500 x 2.00 + 100 x 5.00 = 3,925 per million
    assertThat(costs.cost("claude-haiku-4-5", usage)).hasValueSatisfying(usd -> assertThat(usd).isCloseTo(0.003925, within(1e-12)));
  }

  @Test
  void geminiThoughtsArePricedAsOutput() {
    Usage usage = parsed(LiveClientCase.GEMINI, "providers/gemini/generate-content-thinking-cached.json");

    // 104 uncached x 0.30 + 4096 cached x 0.03 + (12 + 180 thoughts) x 2.50
    assertThat(costs.cost("gemini-2.5-flash", usage)).hasValueSatisfying(
        usd -> assertThat(usd).isCloseTo((104 * 0.30 + 4096 * 0.03 + 192 * 2.50) / 1e6, within(1e-12)));
  }
}
