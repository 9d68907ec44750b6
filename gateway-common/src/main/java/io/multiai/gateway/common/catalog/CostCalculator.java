package io.multiai.gateway.common.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns reported usage into USD, per token class ({@link ModelPrice#usd}): uncached input, cache reads,
 * 5-minute and 1-hour cache writes, output (reasoning included), with the long-context tier where the
 * prompt passes its threshold. A model without a price costs the configured fallback price, marked
 * estimated, or is unknown ({@link Optional#empty()}): never 0, so a missing price can not hide spend
 * from budgets and alerts.
 *
 * <p>The price list can live in a JSON file ({@link PricingProperties#file()}) checked for changes at
 * most every {@value #RELOAD_CHECK_SECONDS} s on the calling thread (a stat, no watcher thread): a new
 * list applies to the next call and carries its own version. A file that does not parse is refused as
 * a whole (logged) and the previous prices stay.
 */
public final class CostCalculator {

  private static final Logger log = LoggerFactory.getLogger(CostCalculator.class);
  static final long RELOAD_CHECK_SECONDS = 10;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A priced call: USD, and whether the price was the fallback for an unpriced model. */
  public record Price(double usd, boolean estimated, String pricesVersion) {}

  private record Table(String version, Map<String, ModelPrice> models, FileTime loadedAt) {}

  private record PriceFile(String version, Map<String, ModelPrice> models) {}

  private final PricingProperties pricing;
  private final Clock clock;
  private final AtomicReference<Table> table;
  private volatile long nextCheckMs;

  public CostCalculator(PricingProperties pricing) {
    this(pricing, Clock.systemUTC());
  }

  public CostCalculator(PricingProperties pricing, Clock clock) {
    this.pricing = pricing;
    this.clock = clock;
    this.table = new AtomicReference<>(new Table(pricing.version(), pricing.models(), null));
    reloadIfChanged();
  }

  /** The USD cost of a call, or empty when the model has no price and no fallback is configured. */
  public Optional<Double> cost(String model, Usage usage) {
    return price(model, usage).map(Price::usd);
  }

  /** The cost with how it was priced (fallback or list) and the version of the list. */
  public Optional<Price> price(String model, Usage usage) {
    Table current = current();
    ModelPrice price = current.models().get(model);
    if (price != null) {
      return Optional.of(new Price(price.forPrompt(usage.inputTokens()).usd(usage), false, current.version()));
    }
    ModelPrice fallback = pricing.unpriced().fallback();
    return fallback == null ? Optional.empty()
        : Optional.of(new Price(fallback.forPrompt(usage.inputTokens()).usd(usage), true, current.version()));
  }

  public boolean knows(String model) {
    return current().models().containsKey(model);
  }

  /** The version of the price list in use. */
  public String version() {
    return current().version();
  }

  private Table current() {
    if (pricing.file() != null && clock.millis() >= nextCheckMs) {
      reloadIfChanged();
    }
    return table.get();
  }

  private synchronized void reloadIfChanged() {
    if (pricing.file() == null || pricing.file().isBlank()) {
      return;
    }
    nextCheckMs = clock.millis() + Duration.ofSeconds(RELOAD_CHECK_SECONDS).toMillis();
    Path file = Path.of(pricing.file());
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      Table loaded = table.get();
      if (modified.equals(loaded.loadedAt())) {
        return;
      }
      PriceFile prices = JSON.readValue(file.toFile(), PriceFile.class);
      if (prices.models() == null || prices.models().isEmpty()) {
        throw new IllegalArgumentException("no models priced");
      }
      String version = prices.version() == null ? modified.toString() : prices.version();
      table.set(new Table(version, Map.copyOf(prices.models()), modified));
      log.info("prices {} loaded from {} ({} models)", version, file, prices.models().size());
    } catch (IOException | RuntimeException e) {
      log.warn("price list {} not loaded, keeping prices {}: {}", file, table.get().version(), e.toString());
    }
  }
}
