package io.multiai.gateway.aggregator.alerts;

import java.util.Locale;

/** How a rule's value is compared with its threshold to decide that it is breached. */
public enum Comparison {
  LESS_THAN {
    @Override
    boolean breached(double value, double threshold) {
      return value < threshold;
    }
  },
  GREATER_THAN {
    @Override
    boolean breached(double value, double threshold) {
      return value > threshold;
    }
  };

  abstract boolean breached(double value, double threshold);

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String symbol() {
    return this == LESS_THAN ? "<" : ">";
  }
}
