package io.multiai.gateway.providers;

import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.common.catalog.Usage;
import reactor.core.publisher.Mono;

/**
 * Stands in for a provider without an API key. Latency, answer and token counts are derived from
 * the seed, the model and the request, so a run can be replayed exactly; token counts follow the
 * text (about four characters a token), so cost figures behave like real ones.
 */
public final class SimulatedProvider implements ProviderClient {

  private static final String[] WORDS = {
      "the", "gateway", "answer", "model", "routes", "query", "cost", "latency", "provider", "result",
      "stream", "kafka", "window", "simulated", "reply", "token", "because", "therefore", "and", "with"};

  private final ProviderId provider;
  private final SimulationSettings settings;

  public SimulatedProvider(ProviderId provider, SimulationSettings settings) {
    this.provider = provider;
    this.settings = settings;
  }

  @Override
  public ProviderId provider() {
    return provider;
  }

  @Override
  public boolean simulated() {
    return true;
  }

  @Override
  public Mono<ProviderResponse> complete(ProviderRequest request) {
    SplittableRandom random = new SplittableRandom(settings.seed() ^ mix(request.model()) ^ mix(request.requestId()));
    SimulationSettings.Latency latency = settings.latencyFor(request.model());
    long delayMs = latency.jitterMs() <= 0 ? latency.meanMs()
        : Math.max(0, latency.meanMs() - latency.jitterMs() + random.nextLong(2 * latency.jitterMs() + 1));
    ProviderResponse response = answer(request, random);
    return delayMs <= 0 ? Mono.just(response) : Mono.delay(Duration.ofMillis(delayMs)).map(tick -> response);
  }

  private ProviderResponse answer(ProviderRequest request, SplittableRandom random) {
    long inputTokens = Math.max(1, (request.textChars() + 3) / 4);
    long outputTokens = Math.min(request.maxTokens(), 8 + inputTokens / 2 + random.nextInt(24));
    StringBuilder text = new StringBuilder("Simulated answer from ").append(request.model()).append(':');
    Random words = new Random(random.nextLong());
    while (text.length() < outputTokens * 4) {
      text.append(' ').append(WORDS[words.nextInt(WORDS.length)]);
    }
    text.append('.');
    return new ProviderResponse(request.model(), text.toString(), Usage.of(inputTokens, outputTokens), "stop", true);
  }

  private static long mix(String value) {
    long h = 1125899906842597L;
    for (int i = 0; i < value.length(); i++) {
      h = 31 * h + value.charAt(i);
    }
    return h;
  }
}
