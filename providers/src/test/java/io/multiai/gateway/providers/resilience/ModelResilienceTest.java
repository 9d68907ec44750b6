package io.multiai.gateway.providers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.testing.MutableClock;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.fake.ScriptedProviderClient;
import reactor.core.publisher.Mono;

/** The per-model policies, driven by an in-memory provider and a clock the test moves. */
class ModelResilienceTest {

  private static final String MODEL = "gpt-5-mini";
  private static final long FAR = Long.MAX_VALUE / 2;

  private final MutableClock clock = new MutableClock(1_000_000);
  private final ScriptedProviderClient openai = new ScriptedProviderClient(ProviderId.OPENAI);

  /** Retries immediately (zero jitter) so tests do not wait; breaker with threshold 5 and a 60 s open period. */
  private ModelResilience resilience(ResilienceProperties properties) {
    return new ModelResilience(properties, clock, () -> 0.0);
  }

  private static ResilienceProperties fast() {
    return ResilienceProperties.defaults().withRetry(3, 1000);
  }

  private ModelCallResult call(ModelResilience resilience, long deadlineMs) {
    return resilience.call(openai, ProviderRequest.ofPrompt("r", MODEL, "hi", 10), deadlineMs).block(Duration.ofSeconds(10));
  }

  private static List<String> outcomes(ModelCallResult result) {
    return result.attempts().stream().map(AttemptOutcome::outcome).toList();
  }

  @Test
  void givenTwoServerErrorsThenAnAnswer_whenCalled_thenTheThirdAttemptAnswersAndAllThreeAreListed() {
    openai.thenFail(ErrorType.SERVER_ERROR, 2);

    ModelCallResult result = call(resilience(fast()), FAR);

    assertThat(result.succeeded()).isTrue();
    assertThat(outcomes(result)).containsExactly("server_error", "server_error", "success");
    assertThat(openai.calls()).isEqualTo(3);
  }

  @Test
  void givenMaxAttemptsOne_whenTheProviderFails_thenItIsNotRetried() {
    openai.thenFail(ErrorType.SERVER_ERROR, 1);

    ModelCallResult result = call(resilience(ResilienceProperties.defaults().withRetry(1, 0)), FAR);

    assertThat(result.succeeded()).isFalse();
    assertThat(openai.calls()).isEqualTo(1);
  }

  @Test
  void givenAProviderThatKeepsFailing_whenCalled_thenItStopsAfterMaxAttempts() {
    openai.otherwise(openai.failure(ErrorType.OVERLOADED, null));

    ModelCallResult result = call(resilience(fast()), FAR);

    assertThat(outcomes(result)).containsExactly("overloaded", "overloaded", "overloaded");
    assertThat(result.deadlineReached()).isFalse();
  }

  @Test
  void givenAnErrorRetryingCannotFix_whenCalled_thenThereIsNoRetry() {
    openai.thenFail(ErrorType.AUTHENTICATION, 1);

    ModelCallResult result = call(resilience(fast()), FAR);

    assertThat(outcomes(result)).containsExactly("authentication");
  }

  @Test
  void givenA429WithRetryAfterWithinTheCap_whenCalled_thenItWaitsThatLongAndRetries() {
    openai.then(openai.failure(ErrorType.RATE_LIMITED, Duration.ofMillis(300)));
    long started = System.nanoTime();

    ModelCallResult result = call(resilience(fast().withRetryAfterCap(Duration.ofSeconds(1))), FAR);

    assertThat(outcomes(result)).containsExactly("rate_limited", "success");
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void givenA429WithRetryAfterAboveTheCap_whenCalled_thenItGivesUpAtOnceSoTheRequestCanFallBack() {
    openai.then(openai.failure(ErrorType.RATE_LIMITED, Duration.ofSeconds(30)));

    ModelCallResult result = call(resilience(fast().withRetryAfterCap(Duration.ofSeconds(5))), FAR);

    assertThat(outcomes(result)).containsExactly("rate_limited");
  }

  @Test
  void givenAProviderHardDown_whenCalled_thenTheBreakerCountsRequestsNotAttemptsAndOpensAfterFiveFailedRequests() {
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));
    ModelResilience resilience = resilience(fast().withCircuitBreaker(5, 60_000));

    for (int request = 1; request <= 4; request++) {
      assertThat(outcomes(call(resilience, FAR))).containsExactly("server_error", "server_error", "server_error");
      assertThat(resilience.state(MODEL)).as("after %d failed requests", request).isEqualTo(CircuitState.CLOSED);
    }
    assertThat(outcomes(call(resilience, FAR))).containsExactly("server_error", "server_error", "server_error");
    ModelCallResult skipped = call(resilience, FAR);

    assertThat(resilience.state(MODEL)).isEqualTo(CircuitState.OPEN);
    assertThat(openai.calls()).as("5 requests x 3 attempts").isEqualTo(15);
    assertThat(outcomes(skipped)).containsExactly("circuit_open");
    assertThat(skipped.attempts().get(0).providerCalled()).isFalse();
    assertThat(resilience.retryAtMs(MODEL)).hasValue(clock.millis() + 60_000);
  }

  @Test
  void givenFailuresThatRetriesAbsorb_whenManyRequestsAreMade_thenTheCircuitStaysClosed() {
    ModelResilience resilience = resilience(fast().withCircuitBreaker(2, 60_000));

    for (int request = 0; request < 10; request++) {
      openai.thenFail(ErrorType.SERVER_ERROR, 2);
      assertThat(call(resilience, FAR).succeeded()).isTrue();
    }

    assertThat(resilience.state(MODEL)).isEqualTo(CircuitState.CLOSED);
    assertThat(openai.calls()).isEqualTo(30);
  }

  @Test
  void givenAnOpenCircuit_whenTheOpenPeriodPassesAndTheProviderRecovered_thenOneProbeClosesIt() {
    openai.thenFail(ErrorType.SERVER_ERROR, 5);
    ModelResilience resilience = resilience(fast().withRetry(1, 0).withCircuitBreaker(5, 60_000));
    List<String> transitions = new ArrayList<>();
    resilience.onTransition(t -> transitions.add(t.from() + "->" + t.to()));
    for (int i = 0; i < 5; i++) {
      call(resilience, FAR);
    }
    assertThat(outcomes(call(resilience, FAR))).containsExactly("circuit_open");

    clock.advance(Duration.ofMillis(60_000));
    assertThat(outcomes(call(resilience, FAR))).as("not before the open period is over").containsExactly("circuit_open");
    clock.advance(Duration.ofMillis(1));
    ModelCallResult probe = call(resilience, FAR);

    assertThat(outcomes(probe)).containsExactly("success");
    assertThat(resilience.state(MODEL)).isEqualTo(CircuitState.CLOSED);
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    assertThat(openai.calls()).isEqualTo(6);
  }

  @Test
  void givenAHalfOpenCircuit_whenTheProbeFails_thenItOpensAgainForAnotherPeriod() {
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));
    ModelResilience resilience = resilience(fast().withRetry(1, 0).withCircuitBreaker(2, 1_000));
    call(resilience, FAR);
    call(resilience, FAR);
    clock.advance(Duration.ofMillis(1_001));

    call(resilience, FAR);

    assertThat(resilience.state(MODEL)).isEqualTo(CircuitState.OPEN);
    assertThat(resilience.retryAtMs(MODEL)).hasValue(clock.millis() + 1_000);
  }

  @Test
  void givenFailuresTheRequestCaused_whenCalled_thenTheyDoNotOpenTheCircuit() {
    openai.otherwise(openai.failure(ErrorType.BAD_REQUEST, null));
    ModelResilience resilience = resilience(fast().withCircuitBreaker(2, 60_000));

    for (int i = 0; i < 5; i++) {
      call(resilience, FAR);
    }

    assertThat(resilience.state(MODEL)).isEqualTo(CircuitState.CLOSED);
    assertThat(openai.calls()).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(value = ErrorType.class, names = {"BAD_REQUEST", "PAYLOAD_TOO_LARGE", "CONTEXT_LENGTH_EXCEEDED", "CONTENT_BLOCKED"})
  void givenACallersError_whenCalled_thenItIsTriedOnceNeverRetriedAndNeverOpensTheCircuit(ErrorType callersError) {
    openai.otherwise(openai.failure(callersError, null));
    ModelResilience resilience = resilience(fast().withCircuitBreaker(2, 60_000));

    for (int i = 0; i < 5; i++) {
      assertThat(outcomes(call(resilience, FAR))).containsExactly(callersError.code());
    }

    assertThat(resilience.state(MODEL)).isEqualTo(CircuitState.CLOSED);
    assertThat(openai.calls()).isEqualTo(5);
  }

  @Test
  void givenADeadlineThatHasPassed_whenCalled_thenTheProviderIsNotCalled() {
    ModelCallResult result = call(resilience(fast()), clock.millis());

    assertThat(result.attempts()).isEmpty();
    assertThat(result.deadlineReached()).isTrue();
    assertThat(openai.calls()).isZero();
  }

  @Test
  void givenABackoffThatWouldEndAfterTheDeadline_whenTheFirstAttemptFails_thenItStopsInsteadOfWaiting() {
    openai.then(openai.failure(ErrorType.RATE_LIMITED, Duration.ofSeconds(2)));
    long started = System.nanoTime();

    ModelCallResult result = call(resilience(fast()), clock.millis() + 1_000);

    assertThat(outcomes(result)).containsExactly("rate_limited");
    assertThat(result.deadlineReached()).isTrue();
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
  }

  @Test
  void givenAProviderThatHangs_whenTheDeadlineComes_thenTheAttemptEndsThereAndDoesNotCountAgainstTheModel() {
    openai.otherwise(openai.hang());
    ModelResilience resilience = resilience(fast().withCircuitBreaker(1, 60_000));
    // The deadline runs on real time here: the hang is real.
    long deadline = clock.millis() + 200;

    ModelCallResult result = call(resilience, deadline);

    assertThat(outcomes(result)).containsExactly("deadline_exceeded");
    assertThat(result.deadlineReached()).isTrue();
    assertThat(resilience.state(MODEL)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void givenAProviderSlowerThanTheTimeLimit_whenCalled_thenTheAttemptTimesOutAndIsRetried() {
    openai.then(openai.hang());

    ModelCallResult result = call(resilience(fast().withTimeLimit(Duration.ofMillis(100))), FAR);

    assertThat(outcomes(result)).containsExactly("timeout", "success");
  }

  @Test
  void givenAFullBulkhead_whenAnotherCallToTheSameProviderComes_thenItIsRefusedWithoutCallingTheProvider() {
    openai.then(openai.hang());
    ModelResilience resilience = resilience(fast().withBulkhead(1));
    var inFlight = resilience.call(openai, ProviderRequest.ofPrompt("a", MODEL, "hi", 10), FAR).subscribe();

    ModelCallResult refused = call(resilience, FAR);

    assertThat(outcomes(refused)).containsExactly("bulkhead_full");
    assertThat(refused.attempts().get(0).providerCalled()).isFalse();
    assertThat(openai.calls()).isEqualTo(1);
    inFlight.dispose();
  }

  @Test
  void givenAMeterRegistry_whenACircuitOpens_thenItsStateIsAGaugeTaggedWithTheModel() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));
    ModelResilience resilience = resilience(fast().withRetry(1, 0).withCircuitBreaker(1, 60_000)).bindTo(meters);

    call(resilience, FAR);

    assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", MODEL).tag("state", "open").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void givenJitterAtItsMaximum_whenBackingOff_thenTheWaitDoublesPerAttemptUpToTheCeiling() {
    Backoff backoff = new Backoff(100, Duration.ofMillis(500), () -> 0.999999);
    Backoff none = new Backoff(100, Duration.ofMillis(500), () -> 0.0);
    var failure = io.github.resilience4j.core.functions.Either.<Throwable, Object>left(new RuntimeException());

    assertThat(List.of(backoff.apply(1, failure), backoff.apply(2, failure), backoff.apply(3, failure), backoff.apply(4, failure)))
        .containsExactly(100L, 200L, 400L, 500L);
    assertThat(none.apply(3, failure)).isZero();
  }

  @Test
  void givenNoRetryAfter_whenCalledTwiceWithTheSameFailure_thenAsyncRetriesDoNotBlockAThread() {
    openai.thenFail(ErrorType.SERVER_ERROR, 1);

    Mono<ModelCallResult> result = resilience(fast()).call(openai, ProviderRequest.ofPrompt("r", MODEL, "hi", 10), FAR);

    assertThat(openai.calls()).as("nothing happens before subscription").isZero();
    assertThat(outcomes(result.block(Duration.ofSeconds(5)))).containsExactly("server_error", "success");
  }
}
