package io.multiai.gateway.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import io.multiai.gateway.ensemble.calling.ModelInvoker;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.fake.ScriptedProviderClient;
import io.multiai.gateway.providers.resilience.ModelResilience;
import io.multiai.gateway.providers.resilience.ResilienceProperties;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.EnsembleOptions;
import io.multiai.gateway.schemas.EnsembleStrategy;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;

/**
 * The ensemble worker's handling of one request — one reply per ensemble, one MetricEvent per provider
 * call of which exactly one concludes the query, 503 or the caller's 4xx when nobody answers, the cost of
 * every billed call — with in-memory providers, a Kafka MockProducer and a clock the test moves.
 */
class EnsembleRequestHandlerTest {

  private static final List<String> MEMBERS = List.of("claude-haiku-4-5", "gpt-5-mini", "gemini-2.5-flash");

  private final MutableClock clock = new MutableClock(1_000_000);
  private final ScriptedProviderClient claude = new ScriptedProviderClient(ProviderId.CLAUDE);
  private final ScriptedProviderClient openai = new ScriptedProviderClient(ProviderId.OPENAI);
  private final ScriptedProviderClient gemini = new ScriptedProviderClient(ProviderId.GEMINI);
  private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final Topics topics = new Topics(TopicNames.defaults());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EnsembleRequestHandler handler = handler(ResilienceProperties.defaults().withRetry(1, 0));

  private EnsembleRequestHandler handler(ResilienceProperties resilienceProperties) {
    ProvidersProperties providers = new ProvidersProperties(settings("claude-haiku-4-5", "claude-sonnet-4-5"),
        settings("gpt-5-mini", "gpt-5"), settings("gemini-2.5-flash", "gemini-2.5-pro"), new SimulationSettings(1, 0, 0, Map.of()));
    ModelResilience resilience = new ModelResilience(resilienceProperties, clock, () -> 0.0);
    ProviderRegistry registry = new ProviderRegistry(Map.of(ProviderId.CLAUDE, claude, ProviderId.OPENAI, openai, ProviderId.GEMINI, gemini));
    CostCalculator costs = new CostCalculator(new PricingProperties(Map.of(
        "claude-haiku-4-5", new ModelPrice(1.00, 5.00, 0.10),
        "gpt-5-mini", new ModelPrice(0.25, 2.00, 0.025),
        "gemini-2.5-flash", new ModelPrice(0.30, 2.50, 0.03))));
    ModelInvoker invoker = new ModelInvoker(registry, resilience, new ModelCatalog(providers), costs, clock);
    EnsembleWorkerProperties properties = new EnsembleWorkerProperties("ensemble-worker", 64, 100, "claude-sonnet-4-5",
        "claude-sonnet-4-5", Duration.ofSeconds(20));
    return new EnsembleRequestHandler(invoker, new RecordPublisher(producer), topics, providers, properties, clock, meters);
  }

  @Test
  void givenThreeMembersWhoAgree_whenHandled_thenOneReplyListsEveryMemberAndExactlyOneCallConcludesTheQuery() {
    QueryResponse reply = handle(EnsembleStrategy.CONSENSUS);

    assertThat(reply.getError()).isNull();
    assertThat(reply.getAnswer()).isEqualTo("an answer");
    assertThat(reply.getEnsemble().getResponses()).extracting(m -> m.getModel()).containsExactlyInAnyOrderElementsOf(MEMBERS);
    assertThat(reply.getEnsemble().getAgreement()).isEqualTo(1.0);
    List<MetricEvent> events = metricEvents();
    assertThat(events).hasSize(3).allSatisfy(event -> assertThat(event.getEnsemble()).isTrue());
    assertThat(events).filteredOn(MetricEvent::getConcluding).hasSize(1);
  }

  @Test
  void givenEveryMemberBilled_whenHandled_thenTheTotalCostIsTheSumOfEveryCall() {
    claude.otherwise(claude.answer(Usage.of(1_000, 100)));
    openai.otherwise(openai.answer(Usage.of(1_000, 100)));
    gemini.otherwise(gemini.failure(ErrorType.CONTENT_BLOCKED, "blocked", Usage.of(1_000, 0)));

    QueryResponse reply = handle(EnsembleStrategy.CONSENSUS);

    // claude 1,000 x 1.00 + 100 x 5.00; openai 1,000 x 0.25 + 100 x 2.00; gemini's refusal, billed: 1,000 x 0.30
    double expected = (1_500 + 450 + 300) / 1e6;
    assertThat(reply.getEnsemble().getTotalCostUsd()).isCloseTo(expected, within(1e-12));
    assertThat(reply.getCostUsd()).isCloseTo(expected, within(1e-12));
    assertThat(metricEvents()).extracting(MetricEvent::getCostUsd).containsExactlyInAnyOrder(0.0015, 0.00045, 0.0003);
  }

  @Test
  void givenOneMemberDown_whenHandled_thenTheOthersAnswerAndTheFailureIsListed() {
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));

    QueryResponse reply = handle(EnsembleStrategy.CONSENSUS);

    assertThat(reply.getError()).isNull();
    assertThat(reply.getEnsemble().getResponses()).filteredOn(m -> m.getModel().equals("gpt-5-mini"))
        .singleElement().satisfies(m -> assertThat(m.getError()).isNotNull());
  }

  @Test
  void givenEveryMemberDown_whenHandled_thenA503WithRetryAfterNamesEachMember() {
    claude.otherwise(claude.failure(ErrorType.OVERLOADED, null));
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));
    gemini.otherwise(gemini.failure(ErrorType.SERVER_ERROR, null));

    QueryResponse reply = handle(EnsembleStrategy.FASTEST);

    assertThat(reply.getError().getStatus()).isEqualTo(503);
    assertThat(reply.getError().getRetryAfterSeconds()).isNotNull();
    assertThat(reply.getError().getDetail()).contains("claude-haiku-4-5", "gpt-5-mini", "gemini-2.5-flash");
    assertThat(metricEvents()).filteredOn(MetricEvent::getConcluding).hasSize(1);
  }

  @Test
  void givenEveryMemberRefusesTheContent_whenHandled_thenItIsTheCallersErrorWithoutRetryAfter() {
    claude.otherwise(claude.failure(ErrorType.CONTENT_BLOCKED, "refused", null));
    openai.otherwise(openai.failure(ErrorType.CONTENT_BLOCKED, "refused", null));
    gemini.otherwise(gemini.failure(ErrorType.CONTENT_BLOCKED, "refused", null));

    QueryResponse reply = handle(EnsembleStrategy.CONSENSUS);

    assertThat(reply.getError().getStatus()).isEqualTo(422);
    assertThat(reply.getError().getRetryAfterSeconds()).isNull();
  }

  @Test
  void givenAMemberWhoseCircuitIsOpen_whenHandled_thenItsRefusedAttemptIsStillAMetricEventAFailedCallCostingNothing() {
    EnsembleRequestHandler opening = handler(ResilienceProperties.defaults().withRetry(1, 0).withCircuitBreaker(1, 30_000));
    gemini.otherwise(gemini.failure(ErrorType.SERVER_ERROR, null));
    opening.handle(record(clock.millis() + 30_000), request(EnsembleStrategy.CONSENSUS)).block(Duration.ofSeconds(10));
    int geminiCalls = gemini.calls();
    int eventsBefore = metricEvents().size();

    opening.handle(record(clock.millis() + 30_000), request(EnsembleStrategy.CONSENSUS)).block(Duration.ofSeconds(10));

    assertThat(gemini.calls()).as("the open circuit refused the call").isEqualTo(geminiCalls);
    List<MetricEvent> second = metricEvents().subList(eventsBefore, metricEvents().size());
    assertThat(second).hasSize(3);
    assertThat(second).filteredOn(event -> event.getModel().equals("gemini-2.5-flash")).singleElement().satisfies(event -> {
      assertThat(event.getSuccess()).isFalse();
      assertThat(event.getErrorType()).isEqualTo("circuit_open");
      assertThat(event.getCostUsd()).isZero();
    });
  }

  @Test
  void givenAnExpiredDeadline_whenHandled_thenNoProviderIsCalledAndNothingIsPublished() {
    handler.handle(record(clock.millis() - 1), request(EnsembleStrategy.CONSENSUS)).block(Duration.ofSeconds(5));

    assertThat(claude.calls() + openai.calls() + gemini.calls()).isZero();
    assertThat(producer.history()).isEmpty();
    assertThat(meters.get("gateway.ensemble.requests").tag("outcome", "expired").counter().count()).isEqualTo(1.0);
  }

  // Worst cases of "What time is it?" (40 prompt tokens at most) with 100 output tokens: haiku $0.00054, gpt-5-mini
  // $0.00021, gemini-2.5-flash $0.000262: $0.001012 for the three members.

  @Test
  void givenACeilingBelowTheMembersWorstCase_whenHandled_thenNoModelIsCalledAndTheReplyIs402BudgetExceeded() {
    QueryRequest request = QueryRequest.newBuilder(request(EnsembleStrategy.CONSENSUS)).setCostCeilingUsd(0.001).build();

    handler.handle(record(clock.millis() + 30_000), request).block(Duration.ofSeconds(10));

    assertThat(claude.calls() + openai.calls() + gemini.calls()).isZero();
    QueryResponse reply = topics.replies().valueSerde().deserializer().deserialize(topics.replies().name(),
        producer.history().get(0).headers(), producer.history().get(0).value());
    assertThat(reply.getError().getStatus()).isEqualTo(402);
    assertThat(reply.getError().getType()).isEqualTo("budget_exceeded");
  }

  @Test
  void givenACeilingThatHoldsTheMembersWorstCase_whenHandled_thenTheEnsembleRunsAndCostsNoMore() {
    QueryRequest request = QueryRequest.newBuilder(request(EnsembleStrategy.CONSENSUS)).setCostCeilingUsd(0.00102).build();

    handler.handle(record(clock.millis() + 30_000), request).block(Duration.ofSeconds(10));

    assertThat(claude.calls() + openai.calls() + gemini.calls()).isEqualTo(3);
    assertThat(metricEvents()).extracting(MetricEvent::getCostUsd).allSatisfy(cost -> assertThat(cost).isNotNull());
  }

  private QueryResponse handle(EnsembleStrategy strategy) {
    handler.handle(record(clock.millis() + 30_000), request(strategy)).block(Duration.ofSeconds(10));
    List<QueryResponse> replies = producer.history().stream().filter(r -> r.topic().equals(topics.replies().name()))
        .map(r -> topics.replies().valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value())).toList();
    assertThat(replies).hasSize(1);
    return replies.get(0);
  }

  private List<MetricEvent> metricEvents() {
    return producer.history().stream().filter(r -> r.topic().equals(topics.metrics().name()))
        .map(r -> topics.metrics().valueSerde().deserializer().deserialize("t", r.value())).toList();
  }

  private static ConsumerRecord<String, byte[]> record(long deadline) {
    ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("ai.requests.ensemble", 0, 0, "r", new byte[0]);
    RequestHeaders.putLong(record.headers(), RequestHeaders.DEADLINE, deadline);
    return record;
  }

  private QueryRequest request(EnsembleStrategy strategy) {
    return QueryRequest.newBuilder().setRequestId("r-1").setQuery("What time is it?").setCostPriority(CostPriority.BALANCED)
        .setEnsemble(new EnsembleOptions(strategy, MEMBERS, null)).setCreatedAtMs(clock.millis()).build();
  }

  private static ProviderSettings settings(String cheap, String strong) {
    return new ProviderSettings(null, "http://localhost", cheap, strong, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }
}
