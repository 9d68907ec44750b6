package io.multiai.gateway.providers.fake;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A provider fake's behaviour once its script is used up, changeable while a test runs: healthy, a
 * share of random errors, 429 with Retry-After, added latency, hanging (timeouts), hard down, and
 * recovery. Answers in the provider's own wire format (fixtures from its API specification).
 *
 * <pre>{@code
 * FaultInjector openai = FaultInjector.openai(42);
 * fake.otherwise(openai);
 * openai.errorRate(0.3);   // 30 % random 500s
 * openai.down();           // every request 503
 * openai.recover();        // healthy again
 * }</pre>
 */
public final class FaultInjector implements Function<RecordedRequest, FakeResponse> {

  /** What every request gets while the fault lasts. */
  public enum Mode { HEALTHY, DOWN, RATE_LIMITED, HANG }

  private final FakeResponse success;
  private final FakeResponse serverError;
  private final FakeResponse unavailable;
  private final FakeResponse rateLimited;
  private final Random random;
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile Mode mode = Mode.HEALTHY;
  private volatile double errorRate;
  private volatile Duration latency = Duration.ZERO;
  private volatile Duration retryAfter = Duration.ofSeconds(1);

  public FaultInjector(FakeResponse success, FakeResponse serverError, FakeResponse unavailable, FakeResponse rateLimited,
      long seed) {
    this.success = success;
    this.serverError = serverError;
    this.unavailable = unavailable;
    this.rateLimited = rateLimited;
    this.random = new Random(seed);
  }

  public static FaultInjector openai(long seed) {
    return new FaultInjector(
        FakeResponse.json(200, Fixtures.read("providers/openai/chat-completion.json")),
        FakeResponse.json(500, Fixtures.read("providers/openai/error-server.json")),
        FakeResponse.json(503, Fixtures.read("providers/openai/error-server.json")),
        FakeResponse.json(429, Fixtures.read("providers/openai/error-rate-limit.json")), seed);
  }

  public static FaultInjector anthropic(long seed) {
    return new FaultInjector(
        FakeResponse.json(200, Fixtures.read("providers/anthropic/message.json")),
        FakeResponse.json(500, Fixtures.read("providers/anthropic/error-api.json")),
        FakeResponse.json(529, Fixtures.read("providers/anthropic/error-overloaded.json")),
        FakeResponse.json(429, Fixtures.read("providers/anthropic/error-rate-limit.json")), seed);
  }

  public static FaultInjector gemini(long seed) {
    return new FaultInjector(
        FakeResponse.json(200, Fixtures.read("providers/gemini/generate-content.json")),
        FakeResponse.json(500, Fixtures.read("providers/gemini/error-internal.json")),
        FakeResponse.json(503, Fixtures.read("providers/gemini/error-unavailable.json")),
        FakeResponse.json(429, Fixtures.read("providers/gemini/error-resource-exhausted.json")), seed);
  }

  /** This share of requests, at random, gets a 500 (while otherwise healthy). */
  public FaultInjector errorRate(double share) {
    this.errorRate = share;
    return this;
  }

  /** Every answer waits this long first. */
  public FaultInjector latency(Duration wait) {
    this.latency = wait;
    return this;
  }

  /** Hard down: every request gets a 503 (529 for Anthropic) at once. */
  public FaultInjector down() {
    this.mode = Mode.DOWN;
    return this;
  }

  /** Every request gets a 429 with this Retry-After. */
  public FaultInjector rateLimited(Duration retryAfter) {
    this.retryAfter = retryAfter;
    this.mode = Mode.RATE_LIMITED;
    return this;
  }

  /** Every request is read and never answered, so the caller times out. */
  public FaultInjector hang() {
    this.mode = Mode.HANG;
    return this;
  }

  /** Healthy again: no error rate, no fault. */
  public FaultInjector recover() {
    this.errorRate = 0;
    this.mode = Mode.HEALTHY;
    return this;
  }

  public int answered() {
    return answered.get();
  }

  public int failed() {
    return failed.get();
  }

  @Override
  public FakeResponse apply(RecordedRequest request) {
    FakeResponse response = switch (mode) {
      case DOWN -> unavailable;
      case HANG -> FakeResponse.hang();
      case RATE_LIMITED -> rateLimited.withHeader("retry-after", Long.toString(Math.max(1, retryAfter.toSeconds())));
      case HEALTHY -> randomError() ? serverError : success;
    };
    (response.status() == 200 ? answered : failed).incrementAndGet();
    return latency.isZero() ? response : response.delayedBy(latency);
  }

  private boolean randomError() {
    double share = errorRate;
    if (share <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < share;
    }
  }
}
