package io.multiai.gateway.common.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.common.testing.MutableClock;

/**
 * The cost of each class of token, against figures worked out by hand from the price lists of 2025-11
 * (USD per million tokens, as in gateway-defaults.yml).
 */
class CostLedgerTest {

  private static final ModelPrice HAIKU = new ModelPrice(1.00, 5.00, 0.10);
  private static final ModelPrice GPT_5_MINI = new ModelPrice(0.25, 2.00, 0.025);
  private static final ModelPrice GEMINI_PRO = new ModelPrice(1.25, 10.00, 0.125, null, null,
      new ModelPrice.LongContext(200_000, 2.50, 15.00, 0.25));

  private final CostCalculator costs = new CostCalculator(new PricingProperties("2025-11",
      Map.of("claude-haiku-4-5", HAIKU, "gpt-5-mini", GPT_5_MINI, "gemini-2.5-pro", GEMINI_PRO), null, null));

  private double usd(String model, Usage usage) {
    return costs.cost(model, usage).orElseThrow();
  }

  @Test
  void anthropicCacheReadsCostATenthAndFiveMinuteWritesOneAndAQuarterTimesTheInputPrice() {
    // 50 uncached + 5,000 read + 2,000 written (5 min) in, 100 out:
    // 50 x 1.00 + 5,000 x 0.10 + 2,000 x 1.25 + 100 x 5.00 = 3,550 per million
    assertThat(usd("claude-haiku-4-5", new Usage(7_050, 100, 5_000, 0, 2_000, 0))).isCloseTo(0.00355, within(1e-12));
  }

  @Test
  void anthropicOneHourCacheWritesCostTwiceTheInputPrice() {
    // 1,000 written for an hour: 1,000 x 2.00 = 2,000 per million
    assertThat(usd("claude-haiku-4-5", new Usage(1_000, 0, 0, 0, 0, 1_000))).isCloseTo(0.002, within(1e-12));
  }

  @Test
  void openAiCachedInputCostsTheCachedRateAndTheRestTheInputRate() {
    // 1,200 prompt tokens of which 1,024 cached, 300 out: 176 x 0.25 + 1,024 x 0.025 + 300 x 2.00 = 669.6
    assertThat(usd("gpt-5-mini", new Usage(1_200, 300, 1_024, 0))).isCloseTo(0.0006696, within(1e-12));
  }

  @Test
  void reasoningTokensArePricedAsOutputOnceSinceOutputAlreadyCountsThem() {
    // 1,024 completion tokens, all reasoning: 30 x 0.25 + 1,024 x 2.00 = 2,055.5
    assertThat(usd("gpt-5-mini", new Usage(30, 1_024, 0, 1_024))).isCloseTo(0.0020555, within(1e-12));
  }

  @Test
  void geminiProPromptsOver200kTokensCostTheLongContextPricesForTheWholeCall() {
    // At the threshold: 200,000 x 1.25 + 1,000 x 10.00 = 260,000 per million
    assertThat(usd("gemini-2.5-pro", new Usage(200_000, 1_000, 0, 0))).isCloseTo(0.26, within(1e-12));
    // Above: 250,000 x 2.50 + 1,000 x 15.00 = 640,000 per million
    assertThat(usd("gemini-2.5-pro", new Usage(250_000, 1_000, 0, 0))).isCloseTo(0.64, within(1e-12));
    // Above, 100,000 of them cached: 150,000 x 2.50 + 100,000 x 0.25 + 1,000 x 15.00 = 415,000 per million
    assertThat(usd("gemini-2.5-pro", new Usage(250_000, 1_000, 100_000, 0))).isCloseTo(0.415, within(1e-12));
  }

  @Test
  void anUnpricedModelHasAnUnknownCostUnlessAFallbackPriceIsConfiguredThenItIsEstimated() {
    Usage usage = new Usage(100_000, 50_000, 0, 0);
    assertThat(costs.price("mystery-model", usage)).isEmpty();
    assertThat(CallCost.of(costs, "mystery-model", usage).costUsd()).isNull();

    CostCalculator withFallback = new CostCalculator(new PricingProperties("2025-11", Map.of(),
        new PricingProperties.Unpriced(new ModelPrice(3.00, 15.00, null)), null));

    // 100,000 x 3.00 + 50,000 x 15.00 = 1,050,000 per million
    CallCost cost = CallCost.of(withFallback, "mystery-model", usage);
    assertThat(cost.costUsd()).isCloseTo(1.05, within(1e-12));
    assertThat(cost.estimated()).isTrue();
    assertThat(CallCost.anyEstimated(java.util.List.of(CallCost.NOTHING_BILLED, cost))).isTrue();
  }

  @Test
  void everyPriceCarriesTheVersionOfItsList() {
    assertThat(costs.price("gpt-5-mini", Usage.of(1, 1)).orElseThrow().pricesVersion()).isEqualTo("2025-11");
  }

  @Test
  void aPriceFileReplacesTheListAndIsReloadedWhenItChangesWithoutARestart(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prices.json");
    write(file, "2026-01", 0.50, Instant.parse("2026-01-01T00:00:00Z"));
    MutableClock clock = new MutableClock(Instant.parse("2026-01-02T00:00:00Z"));
    CostCalculator fromFile = new CostCalculator(new PricingProperties("2025-11", Map.of("gpt-5-mini", GPT_5_MINI), null,
        file.toString()), clock);
    assertThat(fromFile.version()).isEqualTo("2026-01");
    assertThat(fromFile.cost("gpt-5-mini", Usage.of(1_000_000, 0))).contains(0.50);

    write(file, "2026-02", 0.40, Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(fromFile.cost("gpt-5-mini", Usage.of(1_000_000, 0))).as("not checked again yet").contains(0.50);
    clock.advance(Duration.ofSeconds(CostCalculator.RELOAD_CHECK_SECONDS));
    assertThat(fromFile.cost("gpt-5-mini", Usage.of(1_000_000, 0))).contains(0.40);
    assertThat(fromFile.version()).isEqualTo("2026-02");

    Files.writeString(file, "{not json");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-01T00:00:00Z")));
    clock.advance(Duration.ofSeconds(CostCalculator.RELOAD_CHECK_SECONDS));
    assertThat(fromFile.cost("gpt-5-mini", Usage.of(1_000_000, 0))).as("a broken file keeps the last good prices").contains(0.40);
  }

  private static void write(Path file, String version, double inputPrice, Instant modified) throws IOException {
    Files.writeString(file, "{\"version\":\"" + version + "\",\"models\":{\"gpt-5-mini\":{\"input\":" + inputPrice
        + ",\"output\":2.0,\"cachedInput\":0.025}}}");
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }
}
