package io.multiai.gateway.router.answering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ModelPrice;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.testing.MutableClock;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.fake.ScriptedProviderClient;
import io.multiai.gateway.providers.resilience.ModelResilience;
import io.multiai.gateway.providers.resilience.ResilienceProperties;
import io.multiai.gateway.router.routing.ComplexityClassifier;
import io.multiai.gateway.router.routing.ModelSelector;
import io.multiai.gateway.router.routing.RoutingTable;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.ModelHealth;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;

/**
 * The router's handling of one request — fallback chain, degraded mode, deadlines, health reports —
 * with in-memory providers, a Kafka MockProducer and a clock the test moves.
 */
class RouteRequestHandlerTest {

  private final MutableClock clock = new MutableClock(1_000_000);
  private final ScriptedProviderClient claude = new ScriptedProviderClient(ProviderId.CLAUDE);
  private final ScriptedProviderClient openai = new ScriptedProviderClient(ProviderId.OPENAI);
  private final ScriptedProviderClient gemini = new ScriptedProviderClient(ProviderId.GEMINI);
  private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final Topics topics = new Topics(TopicNames.defaults());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ModelHealthReporter reporter;

  /** Every chain: gemini-2.5-flash, then claude-haiku-4-5, then gpt-5-mini. */
  private static final List<String> CHAIN = List.of("gemini-2.5-flash", "claude-haiku-4-5", "gpt-5-mini");

  private RouteRequestHandler handler(ResilienceProperties policies) {
    return handler(policies, CHAIN, Map.of());
  }

  /** @param prices USD per million tokens by model; a model without one has an unknown cost */
  private RouteRequestHandler handler(ResilienceProperties policies, List<String> chain, Map<String, ModelPrice> prices) {
    ModelCatalog catalog = new ModelCatalog(new ProvidersProperties(
        settings("claude-haiku-4-5", "claude-sonnet-4-5"), settings("gpt-5-mini", "gpt-5"),
        settings("gemini-2.5-flash", "gemini-2.5-pro"), new SimulationSettings(1, 0, 0, Map.of())));
    Map<CostPriority, List<String>> row = Map.of(CostPriority.CHEAP, chain, CostPriority.BALANCED, chain, CostPriority.QUALITY, chain);
    ModelSelector selector = new ModelSelector(ComplexityClassifier.withDefaults(),
        new RoutingTable(Map.of(Complexity.LOW, row, Complexity.MEDIUM, row, Complexity.HIGH, row), catalog), catalog);
    ModelResilience resilience = new ModelResilience(policies, clock, () -> 0.0).bindTo(meters);
    RecordPublisher publisher = new RecordPublisher(producer);
    reporter = new ModelHealthReporter(publisher, topics, clock, "worker-1", policies.circuitBreaker().failureThreshold(),
        Duration.ofHours(1));
    resilience.onTransition(reporter::circuitChanged);
    ProviderRegistry registry = new ProviderRegistry(Map.of(ProviderId.CLAUDE, claude, ProviderId.OPENAI, openai, ProviderId.GEMINI, gemini));
    return new RouteRequestHandler(selector, new ProviderCaller(registry, resilience), publisher, topics,
        new CostCalculator(new PricingProperties(prices)), reporter, resilience, clock, 100, meters);
  }

  @AfterEach
  void stopReporter() {
    if (reporter != null) {
      reporter.close();
    }
  }

  private static ResilienceProperties immediateRetries() {
    return ResilienceProperties.defaults().withRetry(3, 0);
  }

  @Test
  void givenAnExpiredDeadline_whenHandled_thenNoProviderIsCalledNothingIsRepliedAndItIsCounted() {
    RouteRequestHandler handler = handler(immediateRetries());

    handler.handle(record(clock.millis() - 1), request()).block(Duration.ofSeconds(5));

    assertThat(gemini.calls() + claude.calls() + openai.calls()).isZero();
    assertThat(producer.history()).isEmpty();
    assertThat(meters.get("gateway.router.requests").tag("outcome", "expired").counter().count()).isEqualTo(1.0);
  }

  @Test
  void givenTheFirstModelFailsEveryRetry_whenHandled_thenTheNextModelAnswersAndTheReplyListsEveryAttempt() {
    gemini.thenFail(ErrorType.SERVER_ERROR, 3);

    QueryResponse reply = handle(handler(immediateRetries()));

    assertThat(reply.getError()).isNull();
    assertThat(reply.getModel()).isEqualTo("claude-haiku-4-5");
    assertThat(reply.getAttempts()).extracting(a -> a.getModel() + ":" + a.getOutcome()).containsExactly(
        "gemini-2.5-flash:server_error", "gemini-2.5-flash:server_error", "gemini-2.5-flash:server_error",
        "claude-haiku-4-5:success");
    assertThat(metricEvents()).hasSize(4);
  }

  @Test
  void givenARetryableFailureThenAnAnswer_whenHandled_thenTheSameModelAnswersOnItsRetry() {
    gemini.thenFail(ErrorType.RATE_LIMITED, 1);

    QueryResponse reply = handle(handler(immediateRetries()));

    assertThat(reply.getModel()).isEqualTo("gemini-2.5-flash");
    assertThat(reply.getAttempts()).extracting(a -> a.getOutcome()).containsExactly("rate_limited", "success");
    assertThat(claude.calls()).isZero();
  }

  @Test
  void givenEveryProviderDown_whenHandled_thenA503ListsEveryAttemptAndIsCountedAsDegraded() {
    gemini.otherwise(gemini.failure(ErrorType.SERVER_ERROR, null));
    claude.otherwise(claude.failure(ErrorType.OVERLOADED, null));
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));

    QueryResponse reply = handle(handler(immediateRetries()));

    assertThat(reply.getError().getStatus()).isEqualTo(503);
    assertThat(reply.getError().getType()).isEqualTo("all_providers_unavailable");
    assertThat(reply.getError().getDetail()).contains("gemini-2.5-flash: server_error x3", "claude-haiku-4-5: overloaded x3",
        "gpt-5-mini: server_error x3");
    assertThat(reply.getAttempts()).hasSize(9);
    assertThat(meters.get("gateway.router.requests").tag("outcome", "degraded").counter().count()).isEqualTo(1.0);
  }

  @Test
  void givenEveryCircuitOpen_whenHandled_thenA503ComesAtOnceWithoutProviderCallsCountedAsRefusalsAndRetryAfterIsTheEarliestProbe() {
    gemini.otherwise(gemini.failure(ErrorType.SERVER_ERROR, null));
    claude.otherwise(claude.failure(ErrorType.SERVER_ERROR, null));
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));
    RouteRequestHandler handler = handler(immediateRetries().withCircuitBreaker(1, 30_000));
    handle(handler); // one failed request per model (three attempts each): every circuit opens
    clock.advance(Duration.ofSeconds(10));
    int callsBefore = gemini.calls() + claude.calls() + openai.calls();
    int metricsBefore = metricEvents().size();
    long started = System.nanoTime();

    QueryResponse reply = handle(handler);

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
    assertThat(gemini.calls() + claude.calls() + openai.calls()).isEqualTo(callsBefore);
    // The refusals are still counted, as failed calls costing nothing, so an outage moves the success rate.
    assertThat(metricEvents().subList(metricsBefore, metricEvents().size())).hasSize(3).allSatisfy(event -> {
      assertThat(event.getSuccess()).isFalse();
      assertThat(event.getErrorType()).isEqualTo("circuit_open");
      assertThat(event.getCostUsd()).isZero();
    });
    assertThat(reply.getError().getStatus()).isEqualTo(503);
    assertThat(reply.getError().getDetail()).contains("gemini-2.5-flash: circuit_open", "claude-haiku-4-5: circuit_open",
        "gpt-5-mini: circuit_open");
    assertThat(reply.getError().getRetryAfterSeconds()).isEqualTo(20L);
  }

  @Test
  void givenAModelPinnedWithoutFallback_whenItFails_thenNoOtherModelIsTried() {
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));
    QueryRequest pinned = request();
    pinned.setModel("gpt-5-mini");

    QueryResponse reply = handle(handler(immediateRetries()), pinned, clock.millis() + 30_000);

    assertThat(reply.getError().getStatus()).isEqualTo(503);
    assertThat(gemini.calls() + claude.calls()).isZero();
    assertThat(openai.calls()).isEqualTo(3);
  }

  @Test
  void givenAProviderThatAsksToWaitPastTheDeadline_whenHandled_thenTheWalkStopsThereAndItIsCounted() {
    gemini.otherwise(gemini.failure(ErrorType.RATE_LIMITED, Duration.ofSeconds(2)));
    RouteRequestHandler handler = handler(immediateRetries().withRetryAfterCap(Duration.ofSeconds(5)));

    QueryResponse reply = handle(handler, request(), clock.millis() + 1_000);

    assertThat(reply.getAttempts()).extracting(a -> a.getModel() + ":" + a.getOutcome())
        .containsExactly("gemini-2.5-flash:rate_limited");
    assertThat(reply.getError().getDetail()).contains("claude-haiku-4-5: not tried (deadline passed)");
    assertThat(claude.calls()).isZero();
    assertThat(meters.get("gateway.router.deadline.stops").counter().count()).isEqualTo(1.0);
  }

  @Test
  void givenACircuitOpensAndLaterCloses_whenHandled_thenBothTransitionsArePublishedUnderTheModelAndWorker() {
    gemini.thenFail(ErrorType.SERVER_ERROR, 2);
    RouteRequestHandler handler = handler(immediateRetries().withRetry(1, 0).withCircuitBreaker(2, 5_000));
    handle(handler);
    handle(handler);
    clock.advance(Duration.ofMillis(5_001));

    QueryResponse probe = handle(handler);

    assertThat(probe.getModel()).isEqualTo("gemini-2.5-flash");
    // Transitions are published off the calling thread: the last one may land just after the reply.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(healthReports("gemini-2.5-flash@worker-1")).extracting(r -> r.getAvailable() + "/" + r.getCircuitState())
            .containsExactly("false/OPEN", "false/HALF_OPEN", "true/CLOSED"));
    List<ModelHealth> reports = healthReports("gemini-2.5-flash@worker-1");
    assertThat(reports.get(0).getRetryAtMs()).isEqualTo(1_000_000L + 5_000);
    assertThat(reports.get(0).getReason()).startsWith("circuit open after 2 consecutive failed calls");
  }

  @Test
  void givenARejectedKey_whenHandled_thenTheModelIsReportedUnavailableWithTheReason() {
    gemini.thenFail(ErrorType.AUTHENTICATION, 1);

    QueryResponse reply = handle(handler(immediateRetries()));

    assertThat(reply.getModel()).isEqualTo("claude-haiku-4-5");
    assertThat(healthReports("gemini-2.5-flash@worker-1")).singleElement()
        .satisfies(r -> assertThat(r.getReason()).isEqualTo("invalid API key"));
  }

  // Issue 12, fault 4: the spend of failed calls.

  /** USD per million tokens, as in gateway-defaults.yml. */
  private static final Map<String, ModelPrice> PRICES = Map.of(
      "gpt-5-mini", new ModelPrice(0.25, 2.00, 0.025),
      "claude-haiku-4-5", new ModelPrice(1.00, 5.00, 0.10),
      "gemini-2.5-flash", new ModelPrice(0.30, 2.50, 0.03));

  @Test
  void givenAnEmptyLengthCutAnswerThatWasBilled_whenTheNextModelAnswers_thenTheReplyCostsBothCallsAndTheFailedCallsEventCarriesItsTokensAndCost() {
    openai.then(openai.failure(ErrorType.INVALID_RESPONSE, "answer has no text content (finish_reason length)",
            new Usage(30, 1024, 0, 1024)));
    claude.then(claude.answer(Usage.of(3, 4)));

    QueryResponse reply = handle(handler(immediateRetries(), List.of("gpt-5-mini", "claude-haiku-4-5"), PRICES));

    assertThat(reply.getModel()).isEqualTo("claude-haiku-4-5");
    assertThat(openai.calls()).isEqualTo(1);
    // gpt-5-mini: 30 x $0.25 + 1,024 x $2.00 per million = $0.0020555; claude-haiku-4-5: 3 x $1 + 4 x $5 = $0.000023
    assertThat(reply.getCostUsd()).isCloseTo(0.0020555 + 0.000023, within(1e-12));
    assertThat(reply.getInputTokens()).isEqualTo(3); // the answer's own tokens
    MetricEvent failed = metricEvents().get(0);
    assertThat(failed.getModel()).isEqualTo("gpt-5-mini");
    assertThat(failed.getSuccess()).isFalse();
    assertThat(failed.getErrorType()).isEqualTo("invalid_response");
    assertThat(failed.getInputTokens()).isEqualTo(30);
    assertThat(failed.getOutputTokens()).isEqualTo(1024);
    assertThat(failed.getCostUsd()).isCloseTo(0.0020555, within(1e-12));
    assertThat(metricEvents().get(1).getCostUsd()).isCloseTo(0.000023, within(1e-12));
  }

  @Test
  void givenFailuresWithoutReportedUsage_whenHandled_thenTheyCostNothingAndTheReplyCostsTheAnswerOnly() {
    gemini.thenFail(ErrorType.SERVER_ERROR, 3);
    claude.then(claude.answer(Usage.of(3, 4)));

    QueryResponse reply = handle(handler(immediateRetries(), CHAIN, PRICES));

    assertThat(metricEvents()).hasSize(4).first().satisfies(event -> {
      assertThat(event.getCostUsd()).isZero();
      assertThat(event.getInputTokens() + event.getOutputTokens()).isZero();
    });
    assertThat(reply.getCostUsd()).isCloseTo(0.000023, within(1e-12));
  }

  @Test
  void givenABilledFailureOfAnUnpricedModel_whenHandled_thenTheReplysCostIsUnknownNotUnderstated() {
    gemini.then(gemini.failure(ErrorType.CONTENT_BLOCKED, "answer blocked (finishReason SAFETY)", Usage.of(8, 0)));

    QueryResponse reply = handle(handler(immediateRetries(), CHAIN, Map.of("claude-haiku-4-5", new ModelPrice(1, 5, null))));

    assertThat(reply.getModel()).isEqualTo("claude-haiku-4-5");
    assertThat(metricEvents().get(0).getInputTokens()).isEqualTo(8);
    assertThat(metricEvents().get(0).getCostUsd()).isNull();
    assertThat(reply.getCostUsd()).isNull();
  }

  // Issue 12, fault 5: the caller's errors.

  @Test
  void givenEveryProviderSaysTheInputIsTooLong_whenHandled_thenA413ListsEachReasonWithoutRetryAfterAndEachModelIsCalledOnce() {
    claude.otherwise(claude.failure(ErrorType.CONTEXT_LENGTH_EXCEEDED,
        "HTTP 400 invalid_request_error: prompt is too long: 512034 tokens > 200000 maximum", null));
    openai.otherwise(openai.failure(ErrorType.CONTEXT_LENGTH_EXCEEDED,
        "HTTP 400 context_length_exceeded: This model's maximum context length is 400000 tokens.", null));
    gemini.otherwise(gemini.failure(ErrorType.CONTEXT_LENGTH_EXCEEDED,
        "HTTP 400 INVALID_ARGUMENT: The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", null));

    QueryResponse reply = handle(handler(immediateRetries(), List.of("claude-haiku-4-5", "gpt-5-mini", "gemini-2.5-flash"), PRICES));

    assertThat(reply.getError().getStatus()).isEqualTo(413);
    assertThat(reply.getError().getType()).isEqualTo("context_length_exceeded");
    assertThat(reply.getError().getRetryAfterSeconds()).isNull();
    assertThat(reply.getError().getDetail()).contains(
        "claude-haiku-4-5: context_length_exceeded (HTTP 400 invalid_request_error: prompt is too long: 512034 tokens > 200000 maximum)",
        "gpt-5-mini: context_length_exceeded (HTTP 400 context_length_exceeded: This model's maximum context length is 400000 tokens.)",
        "gemini-2.5-flash: context_length_exceeded (HTTP 400 INVALID_ARGUMENT: The input token count (1200000) exceeds")
        .doesNotContain("What time is it?");
    assertThat(List.of(claude.calls(), openai.calls(), gemini.calls())).containsExactly(1, 1, 1);
    assertThat(meters.get("gateway.router.requests").tag("outcome", "rejected").counter().count()).isEqualTo(1.0);
    assertThat(meters.get("gateway.router.requests").tag("outcome", "degraded").counter().count()).isZero();
  }

  @Test
  void givenTheLargestWindowSaysTooLongFirst_whenHandled_thenNoSmallerWindowIsCalledAnd413SaysWhy() {
    gemini.otherwise(gemini.failure(ErrorType.CONTEXT_LENGTH_EXCEEDED, "input token count exceeds the maximum", null));

    QueryResponse reply = handle(handler(immediateRetries()));

    assertThat(reply.getError().getStatus()).isEqualTo(413);
    assertThat(gemini.calls()).isEqualTo(1);
    assertThat(claude.calls() + openai.calls()).isZero();
    assertThat(reply.getError().getDetail()).contains(
        "claude-haiku-4-5: not tried: context window of 200000 tokens, not larger than the 1048576 found too small",
        "gpt-5-mini: not tried: context window of 400000 tokens");
  }

  @Test
  void givenTooLongForOneModelsWindow_whenHandled_thenSmallerWindowsAreSkippedAndALargerOneAnswers() {
    openai.otherwise(openai.failure(ErrorType.CONTEXT_LENGTH_EXCEEDED, "maximum context length is 400000 tokens", null));

    QueryResponse reply = handle(handler(immediateRetries(), List.of("gpt-5-mini", "claude-haiku-4-5", "gemini-2.5-flash"), PRICES));

    assertThat(reply.getError()).isNull();
    assertThat(reply.getModel()).isEqualTo("gemini-2.5-flash");
    assertThat(claude.calls()).isZero();
    assertThat(reply.getAttempts()).extracting(a -> a.getModel() + ":" + a.getOutcome())
        .containsExactly("gpt-5-mini:context_length_exceeded", "gemini-2.5-flash:success");
  }

  @Test
  void givenOneProviderRefusesTheContent_whenHandled_thenItsOtherModelsAreSkippedAndAnotherProviderAnswers() {
    gemini.otherwise(gemini.failure(ErrorType.CONTENT_BLOCKED, "answer blocked (finishReason SAFETY)", Usage.of(8, 0)));

    QueryResponse reply = handle(handler(immediateRetries(), List.of("gemini-2.5-flash", "gemini-2.5-pro", "claude-haiku-4-5"), PRICES));

    assertThat(reply.getModel()).isEqualTo("claude-haiku-4-5");
    assertThat(gemini.calls()).isEqualTo(1);
    assertThat(reply.getAttempts()).extracting(a -> a.getOutcome()).containsExactly("content_blocked", "success");
  }

  @Test
  void givenEveryProviderRefusesTheContent_whenHandled_thenA422WithEachReasonWithoutRetryAfter() {
    gemini.otherwise(gemini.failure(ErrorType.CONTENT_BLOCKED, "answer blocked (finishReason SAFETY)", Usage.of(8, 0)));
    claude.otherwise(claude.failure(ErrorType.CONTENT_BLOCKED, "model refused to answer (stop_reason refusal)", Usage.of(20, 5)));
    openai.otherwise(openai.failure(ErrorType.CONTENT_BLOCKED, "model refused to answer", Usage.of(19, 10)));

    QueryResponse reply = handle(handler(immediateRetries(), CHAIN, PRICES));

    assertThat(reply.getError().getStatus()).isEqualTo(422);
    assertThat(reply.getError().getType()).isEqualTo("content_refused");
    assertThat(reply.getError().getRetryAfterSeconds()).isNull();
    assertThat(reply.getError().getDetail()).contains("gemini-2.5-flash: content_blocked (answer blocked (finishReason SAFETY))",
        "claude-haiku-4-5: content_blocked (model refused to answer (stop_reason refusal))",
        "gpt-5-mini: content_blocked (model refused to answer)");
    assertThat(List.of(gemini.calls(), claude.calls(), openai.calls())).containsExactly(1, 1, 1);
    // The refusals were billed: 8 x 0.30 + 20 x 1 + 5 x 5 + 19 x 0.25 + 10 x 2 per million.
    assertThat(reply.getCostUsd()).isCloseTo((8 * 0.30 + 20 * 1.0 + 5 * 5.0 + 19 * 0.25 + 10 * 2.0) / 1e6, within(1e-12));
  }

  @Test
  void givenAMalformedRequest_whenHandled_thenNoOtherModelIsTriedAndA400Answers() {
    gemini.otherwise(gemini.failure(ErrorType.BAD_REQUEST, "HTTP 400 INVALID_ARGUMENT: invalid value at contents", null));

    QueryResponse reply = handle(handler(immediateRetries()));

    assertThat(reply.getError().getStatus()).isEqualTo(400);
    assertThat(reply.getError().getType()).isEqualTo("invalid_request");
    assertThat(reply.getError().getRetryAfterSeconds()).isNull();
    assertThat(gemini.calls()).isEqualTo(1);
    assertThat(claude.calls() + openai.calls()).isZero();
    assertThat(reply.getError().getDetail()).contains("claude-haiku-4-5: not tried: gemini-2.5-flash rejected the request as malformed");
  }

  @Test
  void givenRefusalsMixedWithAnOutage_whenHandled_thenItIsA503BecauseTryingAgainMayHelp() {
    gemini.otherwise(gemini.failure(ErrorType.SERVER_ERROR, null));
    claude.otherwise(claude.failure(ErrorType.CONTENT_BLOCKED, "model refused to answer (stop_reason refusal)", null));
    openai.otherwise(openai.failure(ErrorType.CONTENT_BLOCKED, "model refused to answer", null));

    QueryResponse reply = handle(handler(immediateRetries()));

    assertThat(reply.getError().getStatus()).isEqualTo(503);
    assertThat(reply.getError().getRetryAfterSeconds()).isEqualTo(1L);
  }

  @Test
  void givenCallersErrorsOnly_whenHandledAgainAndAgain_thenNoCircuitOpens() {
    gemini.otherwise(gemini.failure(ErrorType.CONTEXT_LENGTH_EXCEEDED, "too long", null));
    RouteRequestHandler handler = handler(immediateRetries().withCircuitBreaker(2, 60_000));

    for (int i = 0; i < 5; i++) {
      assertThat(handle(handler).getError().getStatus()).isEqualTo(413);
    }

    assertThat(gemini.calls()).isEqualTo(5);
  }

  // --- budget ceiling (issue 17) ------------------------------------------------------------------

  /** "What time is it?": 16 bytes + 8 per message + 16 per request = 40 prompt tokens at most; 100 output tokens. */
  private static final Map<String, ModelPrice> CEILING_PRICES = Map.of(
      "gemini-2.5-flash", new ModelPrice(10.0, 100.0, null), // worst case (40 × 10 + 100 × 100) / 1e6 = $0.0104
      "claude-haiku-4-5", new ModelPrice(1.0, 5.0, null),     // worst case (40 × 1 + 100 × 5) / 1e6 = $0.00054
      "gpt-5-mini", new ModelPrice(0.25, 2.0, null));

  @Test
  void givenACeilingBelowTheFirstModelsWorstCase_whenHandled_thenThatModelIsSkippedNotCalledAndACheaperOneAnswers() {
    QueryRequest request = QueryRequest.newBuilder(request()).setCostCeilingUsd(0.001).build();

    QueryResponse reply = handle(handler(immediateRetries(), CHAIN, CEILING_PRICES), request, clock.millis() + 30_000);

    assertThat(gemini.calls()).isZero();
    assertThat(reply.getError()).isNull();
    assertThat(reply.getModel()).isEqualTo("claude-haiku-4-5");
    assertThat(reply.getAttempts()).extracting(a -> a.getModel()).containsExactly("claude-haiku-4-5");
    assertThat(reply.getCostUsd()).isLessThanOrEqualTo(0.001);
  }

  @Test
  void givenACeilingBelowEveryModelsWorstCase_whenHandled_thenNothingIsCalledAndTheReplyIs402BudgetExceeded() {
    QueryRequest request = QueryRequest.newBuilder(request()).setCostCeilingUsd(0.0001).build();

    QueryResponse reply = handle(handler(immediateRetries(), CHAIN, CEILING_PRICES), request, clock.millis() + 30_000);

    assertThat(gemini.calls() + claude.calls() + openai.calls()).isZero();
    assertThat(reply.getError().getStatus()).isEqualTo(402);
    assertThat(reply.getError().getType()).isEqualTo("budget_exceeded");
    assertThat(reply.getError().getDetail()).contains("gemini-2.5-flash: over budget ceiling");
  }

  @Test
  void givenAnEarlierCallThatWasBilled_whenTheNextModelWouldPassWhatIsLeft_thenItIsSkipped() {
    // gemini refuses but bills 40 input + 100 output tokens ($0.0104); the ceiling is $0.0108: claude's
    // worst case ($0.00054) no longer fits in the $0.0004 left, gpt-5-mini's ($0.00021) does.
    gemini.then(gemini.failure(ErrorType.CONTENT_BLOCKED, "refused", Usage.of(40, 100)));
    QueryRequest request = QueryRequest.newBuilder(request()).setCostCeilingUsd(0.0108).build();

    QueryResponse reply = handle(handler(immediateRetries(), CHAIN, CEILING_PRICES), request, clock.millis() + 30_000);

    assertThat(claude.calls()).isZero();
    assertThat(reply.getModel()).isEqualTo("gpt-5-mini");
    assertThat(reply.getCostUsd()).isLessThanOrEqualTo(0.0108);
  }

  @Test
  void givenNoCeiling_whenHandled_thenTheExpensiveFirstModelIsCalledAsBefore() {
    QueryResponse reply = handle(handler(immediateRetries(), CHAIN, CEILING_PRICES), request(), clock.millis() + 30_000);

    assertThat(reply.getModel()).isEqualTo("gemini-2.5-flash");
  }

  private QueryResponse handle(RouteRequestHandler handler) {
    return handle(handler, request(), clock.millis() + 30_000);
  }

  private QueryResponse handle(RouteRequestHandler handler, QueryRequest request, long deadline) {
    int before = replies().size();
    handler.handle(record(deadline), request).block(Duration.ofSeconds(10));
    List<QueryResponse> replies = replies();
    assertThat(replies).hasSize(before + 1);
    return replies.get(replies.size() - 1);
  }

  private List<QueryResponse> replies() {
    return producer.history().stream().filter(r -> r.topic().equals(topics.replies().name()))
        .map(r -> topics.replies().valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value())).toList();
  }

  private List<MetricEvent> metricEvents() {
    return values(topics.metrics().name()).stream().map(v -> topics.metrics().valueSerde().deserializer().deserialize("t", v)).toList();
  }

  private List<ModelHealth> healthReports(String key) {
    return producer.history().stream().filter(r -> r.topic().equals(topics.providerHealth().name()) && key.equals(r.key()))
        .map(r -> topics.providerHealth().valueSerde().deserializer().deserialize("t", r.value())).toList();
  }

  private List<byte[]> values(String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).map(ProducerRecord::value).toList();
  }

  private static ConsumerRecord<String, byte[]> record(long deadline) {
    ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("ai.requests.route", 0, 0, "r", new byte[0]);
    RequestHeaders.putLong(record.headers(), RequestHeaders.DEADLINE, deadline);
    return record;
  }

  private QueryRequest request() {
    return QueryRequest.newBuilder().setRequestId("r-1").setQuery("What time is it?").setCostPriority(CostPriority.BALANCED)
        .setCreatedAtMs(clock.millis()).build();
  }

  private static ProviderSettings settings(String cheap, String strong) {
    return new ProviderSettings(null, "http://localhost", cheap, strong, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }
}
