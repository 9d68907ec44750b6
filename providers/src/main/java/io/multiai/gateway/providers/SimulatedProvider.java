package io.multiai.gateway.providers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.common.catalog.Usage;
import reactor.core.publisher.Flux;
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
    SplittableRandom random = random(request);
    long delayMs = delayMs(request, random);
    ProviderResponse response = answer(request, random);
    return delayMs <= 0 ? Mono.just(response) : Mono.delay(Duration.ofMillis(delayMs)).map(tick -> response);
  }

  /**
   * The same answer as {@link #complete} (same seed, same text and usage), as word deltas (each word with the
   * space before it) spread evenly over the same simulated latency, then the Finish with the usage. Cancelling
   * stops it between two words.
   */
  @Override
  public Flux<ProviderChunk> stream(ProviderRequest request) {
    return Flux.defer(() -> {
      SplittableRandom random = random(request);
      long delayMs = delayMs(request, random);
      ProviderResponse response = answer(request, random);
      List<ProviderChunk> chunks = new ArrayList<>();
      for (String word : response.text().split("(?=\\s)")) {
        chunks.add(new ProviderChunk.TextDelta(word));
      }
      chunks.add(new ProviderChunk.Finish(response.finishReason(), response.usage()));
      if (delayMs <= 0) {
        return Flux.fromIterable(chunks);
      }
      // The whole delay spread over the deltas, the first after one step (a time to first token), at least 1 ms.
      Duration step = Duration.ofNanos(Math.max(1_000_000L, delayMs * 1_000_000L / (chunks.size() - 1)));
      return Flux.fromIterable(chunks).delayElements(step);
    });
  }

  private SplittableRandom random(ProviderRequest request) {
    return new SplittableRandom(settings.seed() ^ mix(request.model()) ^ mix(request.requestId()));
  }

  private long delayMs(ProviderRequest request, SplittableRandom random) {
    SimulationSettings.Latency latency = settings.latencyFor(request.model());
    return latency.jitterMs() <= 0 ? latency.meanMs()
        : Math.max(0, latency.meanMs() - latency.jitterMs() + random.nextLong(2 * latency.jitterMs() + 1));
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
