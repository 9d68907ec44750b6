package io.multiai.gateway.aggregator.windows;

import java.time.Duration;

/**
 * The tumbling window sizes the aggregator keeps. Windows are aligned to the epoch, so the day
 * windows are UTC days and the hour windows UTC hours.
 *
 * @param label how metrics and logs name it
 */
public record WindowSize(String label, Duration size) {

  public static final WindowSize MINUTE = new WindowSize("1m", Duration.ofMinutes(1));
  public static final WindowSize HOUR = new WindowSize("1h", Duration.ofHours(1));
  public static final WindowSize DAY = new WindowSize("1d", Duration.ofDays(1));

  public static final java.util.List<WindowSize> ALL = java.util.List.of(MINUTE, HOUR, DAY);

  public long millis() {
    return size.toMillis();
  }

  public long startOf(long timestampMs) {
    return timestampMs - Math.floorMod(timestampMs, millis());
  }

  /** The store of this size's windows; named, so a changed topology keeps its state and changelog. */
  public String storeName() {
    return "metric-windows-" + label;
  }
}
