package io.multiai.gateway.common.catalog;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * A model's prices in USD per million tokens, per token class (see {@link Usage}).
 *
 * @param input uncached prompt tokens
 * @param output generated tokens, reasoning included
 * @param cachedInput prompt tokens read from the provider's cache; null: as {@code input}
 * @param cacheWrite5m prompt tokens written to a 5-minute cache entry (Anthropic); null: 1.25 × input,
 *     Anthropic's rule (price list of 2025-11)
 * @param cacheWrite1h prompt tokens written to a 1-hour cache entry (Anthropic); null: 2 × input
 * @param longContext the prices of a prompt longer than a threshold (Gemini 2.5 Pro above 200k prompt
 *     tokens, say), which apply to the whole call; null when the model has one tier
 */
public record ModelPrice(double input, double output, Double cachedInput, Double cacheWrite5m, Double cacheWrite1h,
    LongContext longContext) {

  /** The constructor configuration binds. */
  @ConstructorBinding
  public ModelPrice {
  }

  /** Anthropic: a 5-minute cache write costs 1.25 × the input price, a 1-hour one 2 ×. */
  static final double CACHE_WRITE_5M_FACTOR = 1.25;
  static final double CACHE_WRITE_1H_FACTOR = 2.0;

  public ModelPrice(double input, double output, Double cachedInput) {
    this(input, output, cachedInput, null, null, null);
  }

  /**
   * The prices above a prompt size.
   *
   * @param aboveInputTokens the tier applies when the prompt has more tokens than this
   */
  public record LongContext(long aboveInputTokens, double input, double output, Double cachedInput) {}

  public double cachedInputOrInput() {
    return cachedInput == null ? input : cachedInput;
  }

  public double cacheWrite5mOrDefault() {
    return cacheWrite5m == null ? input * CACHE_WRITE_5M_FACTOR : cacheWrite5m;
  }

  public double cacheWrite1hOrDefault() {
    return cacheWrite1h == null ? input * CACHE_WRITE_1H_FACTOR : cacheWrite1h;
  }

  /** The prices that apply to a call with this many prompt tokens: the long-context tier above its threshold. */
  public ModelPrice forPrompt(long inputTokens) {
    if (longContext == null || inputTokens <= longContext.aboveInputTokens()) {
      return this;
    }
    // Cache writes scale with the tier's input price, as the base tier's do.
    double factor = longContext.input() / input;
    return new ModelPrice(longContext.input(), longContext.output(),
        longContext.cachedInput() != null ? longContext.cachedInput() : cachedInput == null ? null : cachedInput * factor,
        cacheWrite5m == null ? null : cacheWrite5m * factor, cacheWrite1h == null ? null : cacheWrite1h * factor, null);
  }

  /** USD for a call's usage at these prices (already the tier for its prompt size). */
  double usd(Usage usage) {
    double perMillion = usage.uncachedInputTokens() * input
        + usage.cachedInputTokens() * cachedInputOrInput()
        + usage.cacheWrite5mTokens() * cacheWrite5mOrDefault()
        + usage.cacheWrite1hTokens() * cacheWrite1hOrDefault()
        + usage.outputTokens() * output;
    return perMillion / 1_000_000;
  }
}
