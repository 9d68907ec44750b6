package io.multiai.gateway.common.catalog;

/** USD per million tokens. */
public record ModelPrice(double input, double output, Double cachedInput) {

  public double cachedInputOrInput() {
    return cachedInput == null ? input : cachedInput;
  }
}
