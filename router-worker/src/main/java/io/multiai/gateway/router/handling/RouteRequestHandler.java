package io.multiai.gateway.router.handling;

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
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.ReplyAddress;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.provider.CostCalculator;
import io.multiai.gateway.common.provider.ProviderRequest;
import io.multiai.gateway.common.resilience.ModelResilience;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.router.routing.ModelSelector;
import io.multiai.gateway.router.routing.Route;
import io.multiai.gateway.schemas.Attempt;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.ReplyError;
import reactor.core.publisher.Mono;

/**
 * Answers one route request: drops it if nobody waits any more, otherwise walks the model chain (each
 * model through its retry, circuit breaker, bulkhead and time limit) until a model answers or the
 * deadline comes, publishes a MetricEvent per provider call, and replies to the partition the ingress
 * named: the answer with every attempt, or a fast 503 naming each candidate and why it failed.
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
  private final Counter deadlineStops;
  private final ModelResilience resilience;

  public RouteRequestHandler(ModelSelector selector, ProviderCaller caller, RecordPublisher publisher, Topics topics,
      CostCalculator costs, ModelHealthReporter health, ModelResilience resilience, Clock clock, int maxTokens,
      MeterRegistry meters) {
    this.resilience = resilience;
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
      return reply(address, errorResponse(request, null, List.of(), 400, "invalid_route", e.getMessage(), null));
    }
    ProviderRequest providerRequest = new ProviderRequest(request.getRequestId(), null, request.getQuery(), maxTokens);
    return walk(route, 0, providerRequest, deadline, new ArrayList<>())
        .flatMap(walk -> {
          List<Mono<?>> writes = new ArrayList<>();
          // The reply goes first: someone is waiting for it; the metrics are not on anyone's clock.
          writes.add(reply(address, response(request, route, walk)));
          // One event per attempt, refusals by an open circuit or a full bulkhead included (as failures
          // of that model, cost 0): a request the fleet refused outright is still a failed query, and an
          // outage must move the success rate. The last attempt concludes the query.
          List<CallResult> calls = walk.calls();
          for (CallResult call : calls) {
            MetricEvent event = metricEvents.of(request, route.complexity(), call, call == calls.get(calls.size() - 1));
            writes.add(publisher.publish(topics.metrics(), event.getModel(), event));
            if (call.providerCalled()) {
              writes.add(health.observe(call));
            }
          }
          return Mono.when(writes);
        });
  }

  /** Every attempt made for one request, and whether the deadline cut the chain short. */
  private record Walk(List<CallResult> calls, boolean deadlineReached) {}

  /**
   * Tries the candidates in order, each through its resilience policies, until one answers. A
   * candidate whose circuit is open is skipped at once (its attempt says {@code circuit_open}); the
   * walk stops when the deadline comes, whether during a model's retries or between models.
   */
  private Mono<Walk> walk(Route route, int index, ProviderRequest template, long deadline, List<CallResult> calls) {
    if (index >= route.candidates().size()) {
      return Mono.just(new Walk(calls, false));
    }
    if (deadline - clock.millis() <= 0) {
      deadlineStops.increment();
      return Mono.just(new Walk(calls, true));
    }
    Route.Candidate candidate = route.candidates().get(index);
    ProviderRequest request = new ProviderRequest(template.requestId(), candidate.model(), template.prompt(), template.maxTokens());
    return caller.call(candidate, request, deadline).flatMap(result -> {
      result.attempts().forEach(attempt -> calls.add(new CallResult(candidate, attempt)));
      if (result.succeeded()) {
        return Mono.just(new Walk(calls, false));
      }
      if (result.deadlineReached()) {
        deadlineStops.increment();
        return Mono.just(new Walk(calls, true));
      }
      return walk(route, index + 1, template, deadline, calls);
    });
  }

  private QueryResponse response(QueryRequest request, Route route, Walk walk) {
    List<CallResult> calls = walk.calls();
    List<Attempt> attempts = calls.stream()
        .map(c -> new Attempt(c.candidate().model(), c.candidate().provider().wireName(), c.outcome(), c.latencyMs()))
        .toList();
    CallResult last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
    if (last == null || !last.succeeded()) {
      degraded.increment();
      return errorResponse(request, route, attempts, 503, "all_providers_unavailable",
          "all providers unavailable: " + whyEach(route, calls, walk.deadlineReached()), retryAfterSeconds(route, calls));
    }
    answered.increment();
    var usage = last.response().usage();
    return QueryResponse.newBuilder()
        .setRequestId(request.getRequestId())
        .setAnswer(last.response().text())
        .setModel(last.candidate().model())
        .setProvider(last.candidate().provider().wireName())
        .setComplexity(route.complexity())
        .setInputTokens(usage.inputTokens())
        .setOutputTokens(usage.outputTokens())
        .setCostUsd(metricEvents.of(request, route.complexity(), last).getCostUsd())
        .setLatencyMs(clock.millis() - request.getCreatedAtMs())
        .setAttempts(attempts)
        .setSimulated(last.response().simulated())
        .build();
  }

  /** "gemini-2.5-flash: server_error ×3; claude-haiku-4-5: circuit_open; gpt-5-mini: not tried (deadline passed)". */
  private static String whyEach(Route route, List<CallResult> calls, boolean deadlineReached) {
    Map<String, List<String>> byModel = new LinkedHashMap<>();
    for (Route.Candidate candidate : route.candidates()) {
      byModel.put(candidate.model(), new ArrayList<>());
    }
    for (CallResult call : calls) {
      byModel.computeIfAbsent(call.candidate().model(), m -> new ArrayList<>()).add(call.outcome());
    }
    return byModel.entrySet().stream().map(e -> e.getKey() + ": " + (e.getValue().isEmpty()
        ? "not tried" + (deadlineReached ? " (deadline passed)" : "")
        : e.getValue().stream().collect(Collectors.groupingBy(o -> o, LinkedHashMap::new, Collectors.counting()))
            .entrySet().stream().map(o -> o.getValue() == 1 ? o.getKey() : o.getKey() + " x" + o.getValue())
            .collect(Collectors.joining(", "))))
        .collect(Collectors.joining("; "));
  }

  /**
   * When trying again may help: when every candidate's circuit is open, until the earliest of them lets
   * a probe through; otherwise the shortest Retry-After a provider asked for; otherwise 1 s.
   */
  private long retryAfterSeconds(Route route, List<CallResult> calls) {
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
        .map(CallResult::failure)
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

  private Mono<Void> reply(ReplyAddress address, QueryResponse response) {
    return address.send(publisher, topics.replies(), response);
  }
}
