package io.multiai.gateway.providers;

import io.multiai.gateway.common.catalog.Usage;

/** A usable answer: non-empty text and the usage the provider reported for it. */
public record ProviderResponse(String model, String text, Usage usage, String finishReason, boolean simulated) {

  @Override
  public String toString() {
    return "ProviderResponse[model=" + model + ", chars=" + text.length() + ", usage=" + usage
        + ", finishReason=" + finishReason + ", simulated=" + simulated + "]";
  }
}
