package io.multiai.gateway.providers.http;

import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sampling parameters every provider takes, each under its own names: temperature, nucleus
 * sampling (top-p) and stop sequences. One writer for the three request bodies; a parameter the
 * caller did not set is left out, so the provider's default applies.
 *
 * @param temperature the field for the temperature (all three: {@code temperature})
 * @param topP the field for top-p: {@code top_p} (OpenAI Chat Completions, Anthropic Messages) or
 *     {@code topP} (Gemini's {@code generationConfig})
 * @param stop the field for stop sequences: {@code stop} (OpenAI), {@code stop_sequences} (Anthropic),
 *     {@code stopSequences} (Gemini)
 */
public record SamplingFields(String temperature, String topP, String stop) {

  public static final SamplingFields OPENAI = new SamplingFields("temperature", "top_p", "stop");
  public static final SamplingFields ANTHROPIC = new SamplingFields("temperature", "top_p", "stop_sequences");
  public static final SamplingFields GEMINI = new SamplingFields("temperature", "topP", "stopSequences");

  /** Puts the parameters that are set into {@code target}; null values and an empty stop list are left out. */
  public void write(ObjectNode target, Double temperatureValue, Double topPValue, List<String> stopSequences) {
    if (temperatureValue != null) {
      target.put(temperature, temperatureValue);
    }
    if (topPValue != null) {
      target.put(topP, topPValue);
    }
    if (!stopSequences.isEmpty()) {
      ArrayNode sequences = target.putArray(stop);
      stopSequences.forEach(sequences::add);
    }
  }
}
