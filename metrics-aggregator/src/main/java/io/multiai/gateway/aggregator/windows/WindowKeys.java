package io.multiai.gateway.aggregator.windows;

/**
 * Keys of {@code ai.metrics.windows}: {@code {model}|{windowSizeMs}|{windowStartMs}}, with
 * {@code {model}|0|0} for the running total since the first event and {@value #ALL_MODELS} as the
 * model of the aggregates over all models.
 *
 * <p>The topic is compacted, so one key must name one aggregate for ever: the latest record of a key
 * is that aggregate's current value. Model ids may contain anything but the last two fields are
 * numbers, so a reader splits at the last two {@code |}.
 */
public final class WindowKeys {

  /** The model of the aggregates over every model. */
  public static final String ALL_MODELS = "*";

  private WindowKeys() {}

  public static String total(String model) {
    return window(model, 0, 0);
  }

  public static String window(String model, long windowSizeMs, long windowStartMs) {
    return model + "|" + windowSizeMs + "|" + windowStartMs;
  }
}
