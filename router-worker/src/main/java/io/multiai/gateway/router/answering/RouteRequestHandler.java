package io.multiai.gateway.router.answering;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.WorstCaseCost;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.ReplyAddress;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.resilience.FailedRequest;
import io.multiai.gateway.providers.resilience.ModelResilience;
import io.multiai.gateway.router.routing.ModelSelector;
import io.multiai.gateway.router.routing.Route;
import io.multiai.gateway.schemas.Attempt;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.ReplyError;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.header.internals.RecordHeaders;

import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.schemas.StreamDelta;
import io.multiai.gateway.schemas.StreamEnd;
import io.multiai.gateway.schemas.ToolCallChunk;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers one route request: drops it if nobody waits any more, otherwise walks the model chain (each
 * model through its retry, circuit breaker, bulkhead and time limit) until a model answers or the
 * deadline comes, publishes a MetricEvent per provider call, and replies to the partition the ingress
 * named: the answer with every attempt, or an error naming each candidate and why it failed — a fast 503
 * when something transient was among the failures, the caller's 4xx when the models rejected the request
 * itself ({@link FailedRequest}). The reply's cost is the sum over every call of the request, failed calls
 * the providers still billed included.
 *
 * <p>Fallback skips models that would fail the same way: none after a malformed request (400), only
 * models with a larger context window after "input too long", only other providers after a refusal.
 * The returned Mono completes only once the reply and the metrics are acknowledged, so the request's
 * offset is committed after its reply exists.
 */
public final class RouteRequestHandler implements ConcurrentRecordProcessor.Handler<QueryRequest> {

  private final ModelSelector selector;
  private final ProviderCaller caller;
  private final RecordPublisher publisher;
  private final Topics topics;
  private final MetricEvents metricEvents;
  private final Clock clock;
  private final int maxTokens;
  private final ModelHealthReporter health;
  private final Counter expired;
  private final Counter answered;
  private final Counter failed;
  private final Counter degraded;
  private final Counter rejected;
  private final Counter deadlineStops;
  private final ModelResilience resilience;
  private final StreamCancellations cancellations;
  private final CostCalculator costs;
  private final WorstCaseCost worstCase;
  private final Counter streamsInterrupted;
  private final Counter streamsCancelled;

  public RouteRequestHandler(ModelSelector selector, ProviderCaller caller, RecordPublisher publisher, Topics topics,
      CostCalculator costs, ModelHealthReporter health, ModelResilience resilience, Clock clock, int maxTokens,
      MeterRegistry meters) {
    this(selector, caller, publisher, topics, costs, health, resilience, clock, maxTokens, meters, StreamCancellations.NONE);
  }

  public RouteRequestHandler(ModelSelector selector, ProviderCaller caller, RecordPublisher publisher, Topics topics,
      CostCalculator costs, ModelHealthReporter health, ModelResilience resilience, Clock clock, int maxTokens,
      MeterRegistry meters, StreamCancellations cancellations) {
    this.resilience = resilience;
    this.cancellations = cancellations;
    this.costs = costs;
    this.worstCase = new WorstCaseCost(costs);
    this.streamsInterrupted = Counter.builder("gateway.router.streams").tag("outcome", "interrupted")
        .description("streamed answers a provider failure ended after their first delta").register(meters);
    this.streamsCancelled = Counter.builder("gateway.router.streams").tag("outcome", "cancelled")
        .description("streamed answers stopped because their caller went away").register(meters);
    this.selector = selector;
    this.caller = caller;
    this.publisher = publisher;
    this.topics = topics;
    this.metricEvents = new MetricEvents(costs, clock);
    this.health = health;
    this.clock = clock;
    this.maxTokens = maxTokens;
    this.expired = Counter.builder("gateway.router.requests").tag("outcome", "expired")
        .description("route requests dropped because their deadline had passed").register(meters);
    this.answered = Counter.builder("gateway.router.requests").tag("outcome", "answered").register(meters);
    this.failed = Counter.builder("gateway.router.requests").tag("outcome", "failed")
        .description("route requests that could not be routed (invalid pin)").register(meters);
    this.degraded = Counter.builder("gateway.router.requests").tag("outcome", "degraded")
        .description("route requests answered 503: every candidate model failed or had its circuit open").register(meters);
    this.rejected = Counter.builder("gateway.router.requests").tag("outcome", "rejected")
        .description("route requests answered 4xx: every model tried rejected the request itself (malformed, too long, refused)")
        .register(meters);
    this.deadlineStops = Counter.builder("gateway.router.deadline.stops")
        .description("route requests whose retries or fallbacks stopped because the deadline came").register(meters);
  }

  @Override
  public Mono<Void> handle(ConsumerRecord<String, byte[]> record, QueryRequest request) {
    Headers headers = record.headers();
    long deadline = RequestHeaders.longValue(headers, RequestHeaders.DEADLINE).orElse(Long.MAX_VALUE);
    if (deadline <= clock.millis()) {
      expired.increment();
      return Mono.empty();
    }
    ReplyAddress address = ReplyAddress.of(headers, request.getRequestId(), topics.replies());
    Route route;
    try {
      route = selector.select(request);
    } catch (IllegalArgumentException e) {
      failed.increment();
      QueryResponse invalid = errorResponse(request, null, List.of(), 400, "invalid_route", e.getMessage(), null);
      return request.getStream() ? streamFailed(address, request, invalid) : reply(address, invalid);
    }
    ProviderRequest providerRequest = ProviderRequests.of(request, maxTokens);
    if (request.getStream()) {
      return stream(record, request, address, route, providerRequest, deadline);
    }
    return walk(route, 0, providerRequest, deadline, Walk.of(request),
        (candidate, call) -> caller.call(candidate, call, deadline))
        .flatMap(walk -> {
          List<Mono<?>> writes = new ArrayList<>();
          // The reply goes first: someone is waiting for it; the metrics are not on anyone's clock.
          writes.add(reply(address, response(request, route, walk)));
          // One event per attempt, refusals by an open circuit or a full bulkhead included (as failures
          // of that model, cost 0): a request the fleet refused outright is still a failed query, and an
          // outage must move the success rate. The last attempt concludes the query.
          List<AttemptOutcome> calls = walk.calls();
          for (AttemptOutcome call : calls) {
            MetricEvent event = metricEvents.of(request, route.complexity(), call, call == calls.get(calls.size() - 1));
            writes.add(publisher.publish(topics.metrics(), event.getModel(), event));
            if (call.providerCalled()) {
              writes.add(health.observe(call));
            }
          }
          return Mono.when(writes);
        });
  }

  /**
   * The answer to a request that nobody waits for on the reply path (a batch item): the same routing,
   * model chain, resilience and metrics as {@link #handle}, the response returned instead of replied.
   * Completes once the metrics are acknowledged. An unroutable pin is a 400 error response, not a failure.
   *
   * @param batch marks the MetricEvents as batch traffic
   */
  public Mono<QueryResponse> answer(QueryRequest request, long deadlineMs, boolean batch) {
    Route route;
    try {
      route = selector.select(request);
    } catch (IllegalArgumentException e) {
      failed.increment();
      return Mono.just(errorResponse(request, null, List.of(), 400, "invalid_route", e.getMessage(), null));
    }
    return walk(route, 0, ProviderRequests.of(request, maxTokens), deadlineMs, Walk.of(request),
        (candidate, call) -> caller.call(candidate, call, deadlineMs))
        .flatMap(walk -> {
          QueryResponse response = response(request, route, walk);
          List<Mono<?>> writes = new ArrayList<>();
          List<AttemptOutcome> calls = walk.calls();
          for (AttemptOutcome call : calls) {
            MetricEvent event = metricEvents.of(request, route.complexity(), call, call == calls.get(calls.size() - 1), batch);
            writes.add(publisher.publish(topics.metrics(), event.getModel(), event));
            if (call.providerCalled()) {
              writes.add(health.observe(call));
            }
          }
          return Mono.when(writes).thenReturn(response);
        });
  }

  /**
   * Every attempt made for one request, the candidates left out and why (model → reason), and whether
   * the deadline cut the chain short.
   */
  private record Walk(List<AttemptOutcome> calls, Map<String, String> skipped, boolean deadlineReached, QueryRequest request) {

    static Walk of(QueryRequest request) {
      return new Walk(new ArrayList<>(), new LinkedHashMap<>(), false, request);
    }

    Walk stoppedByDeadline() {
      return new Walk(calls, skipped, true, request);
    }
  }

  /**
   * Tries the candidates in order, each through its resilience policies, until one answers. A
   * candidate whose circuit is open is skipped at once (its attempt says {@code circuit_open}); one that
   * would fail as an earlier one did for a reason of the request's own is left out without a call
   * ({@link #whyNotTry}); the walk stops when the deadline comes, whether during a model's retries or
   * between models.
   */
  private Mono<Walk> walk(Route route, int index, ProviderRequest template, long deadline, Walk walk,
      java.util.function.BiFunction<Route.Candidate, ProviderRequest, Mono<io.multiai.gateway.providers.resilience.ModelCallResult>> call) {
    if (index >= route.candidates().size()) {
      return Mono.just(walk);
    }
    Route.Candidate candidate = route.candidates().get(index);
    String whyNot = whyNotTry(route, candidate, walk.calls());
    if (whyNot == null) {
      whyNot = overCeiling(candidate, template, walk);
    }
    if (whyNot != null) {
      walk.skipped().put(candidate.model(), whyNot);
      return walk(route, index + 1, template, deadline, walk, call);
    }
    if (deadline - clock.millis() <= 0) {
      deadlineStops.increment();
      return Mono.just(walk.stoppedByDeadline());
    }
    ProviderRequest request = template.withModel(candidate.model());
    return call.apply(candidate, request).flatMap(result -> {
      result.attempts().forEach(attempt -> walk.calls().add(attempt));
      if (result.succeeded()) {
        return Mono.just(walk);
      }
      if (result.deadlineReached()) {
        deadlineStops.increment();
        return Mono.just(walk.stoppedByDeadline());
      }
      return walk(route, index + 1, template, deadline, walk, call);
    });
  }

  /**
   * Why a candidate may not be called within the request's budget reservation ({@code costCeilingUsd}), or
   * null: its worst case (prompt bound × input price + output limit × output price) must fit in the ceiling
   * minus what the calls so far cost. This is what makes a reservation exact: no call can cost more than the
   * ingress reserved for it. A model whose cost can not be bounded (no price, no fallback price) never fits.
   * Retried attempts of one model are covered by the same check: the errors that are retried (429, 5xx,
   * timeouts) carry no billed usage, so they add nothing to the cost so far.
   */
  private String overCeiling(Route.Candidate candidate, ProviderRequest template, Walk walk) {
    Double ceiling = walk.request().getCostCeilingUsd();
    if (ceiling == null) {
      return null;
    }
    double spent = 0;
    for (AttemptOutcome call : walk.calls()) {
      Double usd = metricEvents.cost(call).costUsd();
      spent += usd == null ? 0 : usd;
    }
    double remaining = ceiling - spent;
    if (template.maxTokens() <= 0) {
      return OVER_CEILING + ": no output limit to bound the cost by";
    }
    java.util.Optional<Double> worst = worstCase.usd(candidate.model(), WorstCaseCost.inputTokensAtMost(walk.request()),
        template.maxTokens());
    if (worst.isEmpty()) {
      return OVER_CEILING + ": " + candidate.model() + " has no price";
    }
    // The ceiling is the reservation rounded up to a nano-dollar: a worst case equal to it fits.
    if (worst.get() > remaining + 1e-12) {
      return OVER_CEILING + ": worst case $" + String.format(java.util.Locale.ROOT, "%.6f", worst.get()) + " > $"
          + String.format(java.util.Locale.ROOT, "%.6f", Math.max(0, remaining)) + " left of the reservation";
    }
    return null;
  }

  static final String OVER_CEILING = "over budget ceiling";

  /**
   * Why a candidate is not worth a call after the failures so far, or null to call it. The request's own
   * errors fail alike wherever they are the request's fault: a malformed request everywhere; an input
   * too long for one window in every window no larger (a model whose window is unknown is still tried);
   * a request body too large, and a refusal, at the same provider (its limits and policies are
   * provider-wide). Another model can answer the rest.
   */
  private static String whyNotTry(Route route, Route.Candidate candidate, List<AttemptOutcome> calls) {
    long tooSmall = -1;
    for (AttemptOutcome call : calls) {
      ErrorType type = call.errorType();
      if (call.succeeded() || type == null || !type.callerError()) {
        continue;
      }
      switch (type) {
        case BAD_REQUEST -> {
          return "not tried: " + call.model() + " rejected the request as malformed";
        }
        case CONTEXT_LENGTH_EXCEEDED -> {
          OptionalLong window = route.contextWindow(call.model());
          if (window.isPresent()) {
            tooSmall = Math.max(tooSmall, window.getAsLong());
          }
        }
        case PAYLOAD_TOO_LARGE, CONTENT_BLOCKED -> {
          if (call.provider() == candidate.provider()) {
            return "not tried: " + call.model() + " of the same provider "
                + (type == ErrorType.CONTENT_BLOCKED ? "refused the content" : "rejected the request's size");
          }
        }
        default -> { }
      }
    }
    OptionalLong window = route.contextWindow(candidate.model());
    if (tooSmall >= 0 && window.isPresent() && window.getAsLong() <= tooSmall) {
      return "not tried: context window of " + window.getAsLong() + " tokens, not larger than the " + tooSmall
          + " found too small";
    }
    return null;
  }

  private QueryResponse response(QueryRequest request, Route route, Walk walk) {
    List<AttemptOutcome> calls = walk.calls();
    List<Attempt> attempts = calls.stream()
        .map(c -> new Attempt(c.model(), c.provider().wireName(), c.outcome(), c.latencyMs()))
        .toList();
    // Every call the providers billed, failed ones included: the request cost all of it.
    List<CallCost> costs = calls.stream().map(metricEvents::cost).toList();
    Double costUsd = CallCost.total(costs);
    boolean costEstimated = CallCost.anyEstimated(costs);
    AttemptOutcome last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
    if (calls.isEmpty() && !walk.skipped().isEmpty()
        && walk.skipped().values().stream().allMatch(reason -> reason.startsWith(OVER_CEILING))) {
      // Only when the ingress priced the request lower than this worker would (e.g. a larger max-tokens
      // default here): nothing was called, and nothing is to be retried until the budget has room.
      rejected.increment();
      return errorResponse(request, route, attempts, 402, "budget_exceeded",
          "no model fits the request's budget reservation: " + whyEach(route, walk, false), null);
    }
    if (last == null || !last.succeeded()) {
      FailedRequest verdict = FailedRequest.of(List.copyOf(calls), walk.deadlineReached());
      QueryResponse reply;
      if (verdict.callersFault()) {
        rejected.increment();
        reply = errorResponse(request, route, attempts, verdict.status(), verdict.type(),
            callersFault(verdict) + ": " + whyEach(route, walk, true), null);
      } else {
        degraded.increment();
        reply = errorResponse(request, route, attempts, 503, verdict.type(),
            "all providers unavailable: " + whyEach(route, walk, false), retryAfterSeconds(route, calls));
      }
      reply.setCostUsd(costUsd);
      reply.setCostEstimated(costEstimated);
      return reply;
    }
    answered.increment();
    var usage = last.response().usage();
    List<io.multiai.gateway.schemas.ToolInvocation> toolCalls = last.response().toolCalls().stream()
        .map(c -> new io.multiai.gateway.schemas.ToolInvocation(c.id() == null ? "" : c.id(), c.name(), c.arguments())).toList();
    return QueryResponse.newBuilder()
        .setToolCalls(toolCalls)
        .setFinishReason(last.response().finishReason())
        .setCachedInputTokens(usage.cachedInputTokens())
        .setReasoningTokens(usage.reasoningTokens())
        .setRequestId(request.getRequestId())
        .setAnswer(last.response().text())
        .setModel(last.model())
        .setProvider(last.provider().wireName())
        .setComplexity(route.complexity())
        // The answer's tokens; the cost is the whole request's (every billed call).
        .setInputTokens(usage.inputTokens())
        .setOutputTokens(usage.outputTokens())
        .setCostUsd(costUsd)
        .setCostEstimated(costEstimated)
        .setLatencyMs(clock.millis() - request.getCreatedAtMs())
        .setAttempts(attempts)
        .setSimulated(last.response().simulated())
        .build();
  }

  private static String callersFault(FailedRequest verdict) {
    return switch (verdict.status()) {
      case 400 -> "the request was rejected as invalid";
      case 413 -> "the input is too long for every model that could be tried";
      default -> "the content was refused by every provider that could be tried";
    };
  }

  /**
   * "gemini-2.5-flash: server_error x3; claude-haiku-4-5: circuit_open; gpt-5-mini: not tried (deadline passed)".
   * With {@code reasons}, each failed model's last provider reason follows in parentheses (bounded, and
   * scrubbed of key, prompt and quoted input by the client that raised it).
   */
  private static String whyEach(Route route, Walk walk, boolean reasons) {
    Map<String, List<AttemptOutcome>> byModel = new LinkedHashMap<>();
    for (Route.Candidate candidate : route.candidates()) {
      byModel.put(candidate.model(), new ArrayList<>());
    }
    for (AttemptOutcome call : walk.calls()) {
      byModel.computeIfAbsent(call.model(), m -> new ArrayList<>()).add(call);
    }
    return byModel.entrySet().stream().map(e -> e.getKey() + ": " + (e.getValue().isEmpty()
        ? walk.skipped().getOrDefault(e.getKey(), "not tried" + (walk.deadlineReached() ? " (deadline passed)" : ""))
        : e.getValue().stream().map(AttemptOutcome::outcome)
            .collect(Collectors.groupingBy(o -> o, LinkedHashMap::new, Collectors.counting()))
            .entrySet().stream().map(o -> o.getValue() == 1 ? o.getKey() : o.getKey() + " x" + o.getValue())
            .collect(Collectors.joining(", "))
            + (reasons ? " (" + FailedRequest.reason(e.getValue().get(e.getValue().size() - 1)) + ")" : "")))
        .collect(Collectors.joining("; "));
  }

  /**
   * When trying again may help: when every candidate's circuit is open, until the earliest of them lets
   * a probe through; otherwise the shortest Retry-After a provider asked for; otherwise 1 s.
   */
  private long retryAfterSeconds(Route route, List<AttemptOutcome> calls) {
    long now = clock.millis();
    OptionalLong earliestProbe = OptionalLong.empty();
    boolean allOpen = !route.candidates().isEmpty();
    for (Route.Candidate candidate : route.candidates()) {
      OptionalLong retryAt = resilience.retryAtMs(candidate.model());
      if (retryAt.isEmpty()) {
        allOpen = false;
      } else if (earliestProbe.isEmpty() || retryAt.getAsLong() < earliestProbe.getAsLong()) {
        earliestProbe = retryAt;
      }
    }
    if (allOpen && earliestProbe.isPresent()) {
      return Math.max(1, (earliestProbe.getAsLong() - now + 999) / 1000);
    }
    return calls.stream()
        .map(AttemptOutcome::failure)
        .filter(Objects::nonNull)
        .flatMap(f -> f.retryAfter().stream())
        .mapToLong(wait -> Math.max(1, (wait.toMillis() + 999) / 1000))
        .min()
        .orElse(1);
  }

  private QueryResponse errorResponse(QueryRequest request, Route route, List<Attempt> attempts, int status, String type,
      String detail, Long retryAfterSeconds) {
    QueryResponse.Builder builder = QueryResponse.newBuilder()
        .setRequestId(request.getRequestId())
        .setAttempts(attempts)
        .setLatencyMs(clock.millis() - request.getCreatedAtMs())
        .setError(new ReplyError(status, type, detail, retryAfterSeconds));
    if (route != null) {
      builder.setComplexity(route.complexity());
    }
    return builder.build();
  }

  /**
   * A streamed answer ({@code stream: true}): the chain is walked as for a whole answer until a candidate's
   * stream starts (retries, circuit breakers and fallback act only before the first chunk, see
   * {@link StreamStart}); then every chunk is published to the reply path as it arrives, as a
   * {@link StreamDelta} numbered from 0 (the first names model and provider), sent in arrival order without
   * waiting for the previous acknowledgement, and the stream ends with a delta carrying a {@link StreamEnd}:
   * finish reason, usage and the whole request's cost, or — when the provider failed after the first chunk —
   * the error {@code stream_interrupted}. A failure before the first chunk is a single end delta with the
   * error a whole answer would have had. A cancel from the caller ({@link StreamCancellations}) stops the
   * provider call at any point. One MetricEvent per provider call, the streamed one with its final usage
   * ({@code errorType} {@code stream_interrupted} or {@code cancelled} when it did not finish).
   */
  private Mono<Void> stream(ConsumerRecord<String, byte[]> record, QueryRequest request, ReplyAddress address, Route route,
      ProviderRequest providerRequest, long deadline) {
    String requestId = request.getRequestId();
    Mono<Boolean> cancelled = cancellations.watch(requestId);
    StreamStart[] current = new StreamStart[1];
    return walk(route, 0, providerRequest, deadline, Walk.of(request),
        (candidate, call) -> caller.stream(candidate, call, deadline, current))
        .takeUntilOther(cancelled)
        .flatMap(walk -> {
          List<AttemptOutcome> calls = walk.calls();
          AttemptOutcome last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
          if (last == null || !last.succeeded()) {
            QueryResponse failure = response(request, route, walk);
            return streamFailed(address, request, failure).then(publishMetrics(request, route, calls));
          }
          return relay(request, address, route, calls, current[0].chunks(), cancelled);
        })
        .doFinally(signal -> cancellations.forget(requestId));
  }

  private Mono<Void> relay(QueryRequest request, ReplyAddress address, Route route, List<AttemptOutcome> before,
      Flux<ProviderChunk> chunks, Mono<Boolean> cancelled) {
    AttemptOutcome start = before.get(before.size() - 1);
    Route.Candidate candidate = new Route.Candidate(start.model(), start.provider());
    String model = candidate.model();
    String provider = candidate.provider().wireName();
    long startedNanos = System.nanoTime() - start.latencyMs() * 1_000_000;
    AtomicLong sequence = new AtomicLong();
    AtomicReference<ProviderChunk.Finish> finish = new AtomicReference<>();
    AtomicBoolean wasCancelled = new AtomicBoolean();
    return chunks
        .takeUntilOther(cancelled.doOnNext(c -> wasCancelled.set(true)))
        .filter(chunk -> {
          if (chunk instanceof ProviderChunk.Finish end) {
            finish.set(end);
            return false;
          }
          return true;
        })
        .flatMapSequential(chunk -> {
          long seq = sequence.getAndIncrement();
          StreamDelta.Builder delta = StreamDelta.newBuilder().setRequestId(request.getRequestId()).setSequence(seq);
          if (seq == 0) {
            delta.setModel(model).setProvider(provider);
          }
          if (chunk instanceof ProviderChunk.TextDelta text) {
            delta.setText(text.text());
          } else if (chunk instanceof ProviderChunk.ToolCallDelta call) {
            delta.setToolCall(new ToolCallChunk(call.index(), call.id(), call.name(), call.argumentsDelta()));
          }
          return sendDelta(address, delta.build());
        }, 256)
        .then(Mono.fromSupplier(() -> java.util.Optional.<Throwable>empty()))
        .onErrorResume(e -> Mono.just(java.util.Optional.of(e)))
        .flatMap(failure -> {
          long latencyMs = (System.nanoTime() - startedNanos) / 1_000_000;
          AttemptOutcome outcome;
          ReplyError error = null;
          if (failure.isPresent()) {
            streamsInterrupted.increment();
            Throwable e = failure.get();
            ProviderException typed = e instanceof ProviderException p ? p
                : new ProviderException(candidate.provider(), model, ErrorType.CONNECTION, "stream failed: " + e.getClass().getSimpleName());
            outcome = new AttemptOutcome(model, candidate.provider(), STREAM_INTERRUPTED, latencyMs, null, typed, true);
            error = new ReplyError(502, STREAM_INTERRUPTED, "the provider failed after the answer had begun (" + typed.type().code()
                + "): the answer is incomplete", null);
          } else if (wasCancelled.get() || finish.get() == null) {
            streamsCancelled.increment();
            outcome = new AttemptOutcome(model, candidate.provider(), CANCELLED, latencyMs, null,
                new ProviderException(candidate.provider(), model, ErrorType.UNAVAILABLE, "cancelled: the caller went away"), true);
          } else {
            answered.increment();
            ProviderChunk.Finish end = finish.get();
            outcome = new AttemptOutcome(model, candidate.provider(), AttemptOutcome.SUCCESS, latencyMs,
                new ProviderResponse(model, "", end.usage(), end.finishReason(), start.response().simulated()), null, true);
          }
          List<AttemptOutcome> calls = new ArrayList<>(before.subList(0, before.size() - 1));
          calls.add(outcome);
          if (CANCELLED.equals(outcome.outcome())) {
            return publishMetrics(request, route, calls); // nobody reads an end marker any more
          }
          var usage = outcome.usage() == null ? io.multiai.gateway.common.catalog.Usage.of(0, 0) : outcome.usage();
          StreamEnd end = StreamEnd.newBuilder()
              .setFinishReason(outcome.succeeded() ? (finish.get().finishReason() == null ? "stop" : finish.get().finishReason()) : null)
              .setModel(model)
              .setProvider(provider)
              .setInputTokens(usage.inputTokens())
              .setOutputTokens(usage.outputTokens())
              .setCachedInputTokens(usage.cachedInputTokens())
              .setReasoningTokens(usage.reasoningTokens())
              .setCostUsd(CallCost.total(calls.stream().map(metricEvents::cost).toList()))
              .setLatencyMs(clock.millis() - request.getCreatedAtMs())
              .setSimulated(start.response().simulated())
              .setComplexity(route.complexity())
              .setAttempts(attempts(calls))
              .setError(error)
              .build();
          StreamDelta last = StreamDelta.newBuilder().setRequestId(request.getRequestId()).setSequence(sequence.getAndIncrement())
              .setEnd(end).build();
          return sendDelta(address, last).then(publishMetrics(request, route, calls));
        });
  }

  static final String STREAM_INTERRUPTED = "stream_interrupted";
  static final String CANCELLED = "cancelled";

  private static List<Attempt> attempts(List<AttemptOutcome> calls) {
    return calls.stream()
        .map(c -> new Attempt(c.model(), c.provider().wireName(), c.outcome(), c.latencyMs()))
        .toList();
  }

  /** A stream that never started: one end delta with the error (and cost, attempts) a whole answer would have had. */
  private Mono<Void> streamFailed(ReplyAddress address, QueryRequest request, QueryResponse failure) {
    StreamEnd end = StreamEnd.newBuilder()
        .setCostUsd(failure.getCostUsd())
        .setLatencyMs(failure.getLatencyMs())
        .setComplexity(failure.getComplexity())
        .setAttempts(failure.getAttempts())
        .setError(failure.getError())
        .build();
    return sendDelta(address, StreamDelta.newBuilder().setRequestId(request.getRequestId()).setSequence(0).setEnd(end).build());
  }

  private Mono<Void> publishMetrics(QueryRequest request, Route route, List<AttemptOutcome> calls) {
    List<Mono<?>> writes = new ArrayList<>();
    for (AttemptOutcome call : calls) {
      MetricEvent event = metricEvents.of(request, route.complexity(), call, call == calls.get(calls.size() - 1));
      writes.add(publisher.publish(topics.metrics(), event.getModel(), event));
      if (call.providerCalled() && !CANCELLED.equals(call.outcome())) {
        writes.add(health.observe(call));
      }
    }
    return Mono.when(writes);
  }

  /** On the reply path of the request, marked as a delta, with its correlation id. */
  private Mono<Void> sendDelta(ReplyAddress address, StreamDelta delta) {
    RecordHeaders headers = new RecordHeaders();
    RequestHeaders.putString(headers, RequestHeaders.CORRELATION_ID, address.correlationId());
    RequestHeaders.putString(headers, Topics.REPLY_KIND, Topics.REPLY_KIND_DELTA);
    return publisher.publishTo(address.topic(), topics.replyDeltas(), address.partition(), delta.getRequestId(), delta, headers)
        .then();
  }

  private Mono<Void> reply(ReplyAddress address, QueryResponse response) {
    return address.send(publisher, topics.replies(), response);
  }
}
