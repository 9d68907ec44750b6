package io.multiai.gateway.ensemble;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.ReplyAddress;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ensemble.calling.MemberCall;
import io.multiai.gateway.ensemble.calling.ModelInvoker;
import io.multiai.gateway.ensemble.strategy.BestStrategy;
import io.multiai.gateway.ensemble.strategy.ConsensusStrategy;
import io.multiai.gateway.ensemble.strategy.EnsembleContext;
import io.multiai.gateway.ensemble.strategy.EnsembleOutcome;
import io.multiai.gateway.ensemble.strategy.EnsembleStrategyRunner;
import io.multiai.gateway.ensemble.strategy.FastestStrategy;
import io.multiai.gateway.ensemble.strategy.SynthesizeStrategy;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.providers.resilience.FailedRequest;
import io.multiai.gateway.schemas.Attempt;
import io.multiai.gateway.schemas.EnsembleMember;
import io.multiai.gateway.schemas.EnsembleOptions;
import io.multiai.gateway.schemas.EnsembleResult;
import io.multiai.gateway.schemas.EnsembleStrategy;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.common.catalog.WorstCaseCost;
import io.multiai.gateway.schemas.ReplyError;
import reactor.core.publisher.Mono;

/**
 * Answers one ensemble request: the members (the request's models, or the strong model of each live
 * provider) answer in parallel within one deadline, the strategy combines them, every completed
 * provider call becomes a MetricEvent marked {@code ensemble}, and the reply goes to the instance
 * that asked. Nothing usable → 503 with every member's failure, or the caller's 4xx when every member
 * rejected the request itself ({@link FailedRequest}). Every call the providers billed counts in the
 * cost, failed ones with reported usage included ({@link CallCost}).
 */
public final class EnsembleRequestHandler implements ConcurrentRecordProcessor.Handler<QueryRequest> {

  private final ModelInvoker invoker;
  private final WorstCaseCost worstCase;
  private final RecordPublisher publisher;
  private final Topics topics;
  private final ProvidersProperties providers;
  private final EnsembleWorkerProperties properties;
  private final Clock clock;
  private final Map<EnsembleStrategy, EnsembleStrategyRunner> strategies;
  private final Counter expired;

  public EnsembleRequestHandler(ModelInvoker invoker, RecordPublisher publisher, Topics topics, ProvidersProperties providers,
      EnsembleWorkerProperties properties, Clock clock, MeterRegistry meters) {
    this.worstCase = new WorstCaseCost(invoker.costs());
    this.invoker = invoker;
    this.publisher = publisher;
    this.topics = topics;
    this.providers = providers;
    this.properties = properties;
    this.clock = clock;
    this.strategies = Map.of(
        EnsembleStrategy.FASTEST, new FastestStrategy(),
        EnsembleStrategy.CONSENSUS, new ConsensusStrategy(),
        EnsembleStrategy.BEST, new BestStrategy(properties.judgeModel()),
        EnsembleStrategy.SYNTHESIZE, new SynthesizeStrategy(properties.synthesizerModel()));
    this.expired = Counter.builder("gateway.ensemble.requests").tag("outcome", "expired")
        .description("ensemble requests dropped because their deadline had passed").register(meters);
  }

  @Override
  public Mono<Void> handle(ConsumerRecord<String, byte[]> record, QueryRequest request) {
    Headers headers = record.headers();
    long now = clock.millis();
    EnsembleOptions options = request.getEnsemble() != null ? request.getEnsemble()
        : new EnsembleOptions(EnsembleStrategy.CONSENSUS, List.of(), null);
    long deadline = RequestHeaders.longValue(headers, RequestHeaders.DEADLINE).orElse(Long.MAX_VALUE);
    if (options.getTimeoutMs() != null) {
      deadline = Math.min(deadline, request.getCreatedAtMs() + options.getTimeoutMs());
    }
    if (deadline <= now) {
      expired.increment();
      return Mono.empty();
    }
    List<String> models = options.getModels().isEmpty() ? defaultModels() : options.getModels();
    String overCeiling = overCeiling(request, options, models);
    if (overCeiling != null) {
      // Nothing called: the calls this ensemble makes could cost more than its budget reservation.
      QueryResponse refused = QueryResponse.newBuilder().setRequestId(request.getRequestId()).setAttempts(List.of())
          .setCostUsd(0.0).setLatencyMs(clock.millis() - request.getCreatedAtMs())
          .setError(new ReplyError(402, "budget_exceeded", overCeiling, null)).build();
      return ReplyAddress.of(headers, request.getRequestId(), topics.replies()).send(publisher, topics.replies(), refused).then();
    }
    EnsembleContext context = new EnsembleContext(request.getRequestId(), request.getQuery(), models, deadline,
        properties.maxTokens(), invoker, clock);
    return strategies.get(options.getStrategy()).run(context).flatMap(outcome -> {
      List<Mono<?>> writes = new ArrayList<>();
      writes.add(ReplyAddress.of(headers, request.getRequestId(), topics.replies())
          .send(publisher, topics.replies(), response(request, options.getStrategy(), outcome)));
      // One event per attempt, as the router does: one that the resilience layer refused (open circuit,
      // full bulkhead) is a failed call costing nothing, so an outage moves the success rate. One of them
      // concludes the query (so analytics count one query per ensemble): the call that answered, or,
      // when none did, the last one.
      List<AttemptOutcome> made = outcome.calls().stream().flatMap(call -> call.attempts().stream()).toList();
      AttemptOutcome concluding = outcome.answered() ? last(outcome.answeredBy().attempts()) : made.isEmpty() ? null : last(made);
      made.forEach(attempt -> writes.add(publisher.publish(topics.metrics(), attempt.model(), metric(request, attempt, attempt == concluding))));
      return Mono.when(writes);
    });
  }

  /**
   * Why the ensemble may not run within the request's budget reservation ({@code costCeilingUsd}), or null: its
   * worst case (each member once, plus the judge or merger; {@link WorstCaseCost#ensembleUsd}) must fit. Each member
   * and the judge are called once, so the calls can then not cost more than the ingress reserved.
   */
  private String overCeiling(QueryRequest request, EnsembleOptions options, List<String> models) {
    Double ceiling = request.getCostCeilingUsd();
    if (ceiling == null) {
      return null;
    }
    String judge = switch (options.getStrategy()) {
      case BEST -> properties.judgeModel();
      case SYNTHESIZE -> properties.synthesizerModel();
      default -> null;
    };
    java.util.Optional<Double> worst = worstCase.ensembleUsd(models, judge, request, properties.maxTokens());
    if (worst.isEmpty()) {
      return "over budget ceiling: a model of the ensemble has no price";
    }
    if (worst.get() > ceiling + 1e-12) {
      return String.format(java.util.Locale.ROOT, "over budget ceiling: the ensemble's worst case $%.6f > the $%.6f reserved",
          worst.get(), ceiling);
    }
    return null;
  }

  /** The strong model of each live provider; with none live (a local run), of each simulated one. */
  List<String> defaultModels() {
    List<String> live = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (ProviderId provider : ProviderId.values()) {
      var settings = providers.of(provider);
      all.add(settings.strongModel());
      if (settings.live()) {
        live.add(settings.strongModel());
      }
    }
    return live.isEmpty() ? all : live;
  }

  private QueryResponse response(QueryRequest request, EnsembleStrategy strategy, EnsembleOutcome outcome) {
    List<EnsembleMember> members = outcome.calls().stream().map(EnsembleRequestHandler::member).toList();
    double total = outcome.calls().stream().map(MemberCall::costUsd).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum();
    boolean costKnown = outcome.calls().stream().filter(c -> !c.cancelled()).allMatch(c -> c.costUsd() != null);
    Map<String, Double> scores = new LinkedHashMap<>(outcome.scores());
    EnsembleResult result = new EnsembleResult(strategy.name().toLowerCase(java.util.Locale.ROOT), members, outcome.agreement(),
        scores, outcome.scoring(), total);
    List<Attempt> attempts = outcome.calls().stream().flatMap(c -> c.cancelled()
            ? java.util.stream.Stream.of(new Attempt(c.model(), c.provider().wireName(), c.outcome(), 0L))
            : c.attempts().stream().map(a -> new Attempt(a.model(), a.provider().wireName(), a.outcome(), a.latencyMs())))
        .toList();
    QueryResponse.Builder reply = QueryResponse.newBuilder()
        .setRequestId(request.getRequestId())
        .setAttempts(attempts)
        .setEnsemble(result)
        .setLatencyMs(clock.millis() - request.getCreatedAtMs())
        .setInputTokens(outcome.calls().stream().filter(MemberCall::succeeded).mapToLong(c -> c.response().usage().inputTokens()).sum())
        .setOutputTokens(outcome.calls().stream().filter(MemberCall::succeeded).mapToLong(c -> c.response().usage().outputTokens()).sum())
        .setCostUsd(costKnown ? total : null)
        .setSimulated(outcome.calls().stream().filter(MemberCall::succeeded).allMatch(c -> c.response().simulated()));
    if (!outcome.answered()) {
      // A 503 only when something transient was among the failures; every member refusing the request
      // itself (too long, refused, malformed) is the caller's error, without Retry-After.
      FailedRequest verdict = FailedRequest.of(outcome.calls().stream().flatMap(c -> c.attempts().stream()).toList(),
          outcome.calls().stream().anyMatch(c -> !c.cancelled() && c.attempts().isEmpty()));
      if (verdict.callersFault()) {
        String why = outcome.calls().stream().map(c -> c.model() + ": " + c.outcome()
                + (c.attempts().isEmpty() ? "" : " (" + FailedRequest.reason(last(c.attempts())) + ")"))
            .collect(java.util.stream.Collectors.joining("; "));
        return reply.setError(new ReplyError(verdict.status(), verdict.type(),
            "every model of the ensemble rejected the request: " + why, null)).build();
      }
      String why = outcome.calls().stream().map(c -> c.model() + ": " + c.outcome()).collect(java.util.stream.Collectors.joining(", "));
      return reply.setError(new ReplyError(503, "all_models_failed", "no model of the ensemble answered (" + why + ")", 1L)).build();
    }
    return reply.setAnswer(outcome.answer())
        .setModel(outcome.answeredBy().model())
        .setProvider(outcome.answeredBy().provider().wireName())
        .build();
  }

  private static EnsembleMember member(MemberCall call) {
    return EnsembleMember.newBuilder()
        .setModel(call.model())
        .setProvider(call.provider().wireName())
        .setAnswer(call.answer())
        .setLatencyMs(call.latencyMs())
        .setInputTokens(call.succeeded() ? call.response().usage().inputTokens() : 0)
        .setOutputTokens(call.succeeded() ? call.response().usage().outputTokens() : 0)
        .setCostUsd(call.costUsd())
        .setRole(call.role().name().toLowerCase(java.util.Locale.ROOT))
        .setError(call.errorDescription())
        .build();
  }

  private static AttemptOutcome last(List<AttemptOutcome> attempts) {
    return attempts.get(attempts.size() - 1);
  }

  private MetricEvent metric(QueryRequest request, AttemptOutcome attempt, boolean concluding) {
    return invoker.metricEvent(request, attempt).setEnsemble(true).setConcluding(concluding).build();
  }
}
