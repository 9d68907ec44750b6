package io.multiai.gateway.router.handling;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.provider.CostCalculator;
import io.multiai.gateway.common.provider.ErrorType;
import io.multiai.gateway.common.provider.ModelCatalog;
import io.multiai.gateway.common.provider.PricingProperties;
import io.multiai.gateway.common.provider.ProviderId;
import io.multiai.gateway.common.provider.ProviderRegistry;
import io.multiai.gateway.common.provider.ProviderSettings;
import io.multiai.gateway.common.provider.ProvidersProperties;
import io.multiai.gateway.common.provider.SimulationSettings;
import io.multiai.gateway.common.provider.fake.MutableClock;
import io.multiai.gateway.common.provider.fake.ScriptedProviderClient;
import io.multiai.gateway.common.resilience.ModelResilience;
import io.multiai.gateway.common.resilience.ResilienceProperties;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
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

  /** Low complexity, balanced: gemini-2.5-flash, then claude-haiku-4-5, then gpt-5-mini. */
  private RouteRequestHandler handler(ResilienceProperties policies) {
    ModelCatalog catalog = new ModelCatalog(new ProvidersProperties(
        settings("claude-haiku-4-5", "claude-sonnet-4-5"), settings("gpt-5-mini", "gpt-5"),
        settings("gemini-2.5-flash", "gemini-2.5-pro"), new SimulationSettings(1, 0, 0, Map.of())));
    List<String> chain = List.of("gemini-2.5-flash", "claude-haiku-4-5", "gpt-5-mini");
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
        new CostCalculator(new PricingProperties(Map.of())), reporter, resilience, clock, 100, meters);
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
