package io.multiai.gateway.router.handling;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.provider.CostCalculator;
import io.multiai.gateway.common.provider.ProviderRequest;
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
 * Answers one route request: drops it if nobody waits any more, otherwise walks the model chain until
 * a model answers, publishes a MetricEvent per call, and replies to the partition the ingress named.
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

  public RouteRequestHandler(ModelSelector selector, ProviderCaller caller, RecordPublisher publisher, Topics topics,
      CostCalculator costs, ModelHealthReporter health, Clock clock, int maxTokens, MeterRegistry meters) {
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
    this.failed = Counter.builder("gateway.router.requests").tag("outcome", "failed").register(meters);
  }

  @Override
  public Mono<Void> handle(ConsumerRecord<String, byte[]> record, QueryRequest request) {
    Headers headers = record.headers();
    long deadline = RequestHeaders.longValue(headers, RequestHeaders.DEADLINE).orElse(Long.MAX_VALUE);
    if (deadline <= clock.millis()) {
      expired.increment();
      return Mono.empty();
    }
    ReplyAddress address = ReplyAddress.from(headers, request, topics.replies().name());
    Route route;
    try {
      route = selector.select(request);
    } catch (IllegalArgumentException e) {
      failed.increment();
      return reply(address, errorResponse(request, null, List.of(), 400, "invalid_route", e.getMessage(), null));
    }
    ProviderRequest providerRequest = new ProviderRequest(request.getRequestId(), null, request.getQuery(), maxTokens);
    return walk(route, 0, providerRequest, deadline, new ArrayList<>())
        .flatMap(calls -> {
          List<Mono<?>> writes = new ArrayList<>();
          for (CallResult call : calls) {
            MetricEvent event = metricEvents.of(request, route.complexity(), call, call == calls.get(calls.size() - 1));
            writes.add(publisher.publish(topics.metrics(), event.getModel(), event));
            writes.add(health.observe(call));
          }
          writes.add(reply(address, response(request, route, calls)));
          return Mono.when(writes);
        });
  }

  /** Calls candidates in order until one answers or the deadline passes; returns every call made. */
  private Mono<List<CallResult>> walk(Route route, int index, ProviderRequest template, long deadline, List<CallResult> calls) {
    long left = deadline - clock.millis();
    if (index >= route.candidates().size() || left <= 0) {
      return Mono.just(calls);
    }
    Route.Candidate candidate = route.candidates().get(index);
    ProviderRequest request = new ProviderRequest(template.requestId(), candidate.model(), template.prompt(), template.maxTokens());
    return caller.call(candidate, request, Duration.ofMillis(left)).flatMap(call -> {
      calls.add(call);
      return call.succeeded() ? Mono.just(calls) : walk(route, index + 1, template, deadline, calls);
    });
  }

  private QueryResponse response(QueryRequest request, Route route, List<CallResult> calls) {
    List<Attempt> attempts = calls.stream()
        .map(c -> new Attempt(c.candidate().model(), c.candidate().provider().wireName(), c.outcome(), c.latencyMs()))
        .toList();
    CallResult last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
    if (last == null || !last.succeeded()) {
      failed.increment();
      String why = calls.isEmpty() ? "the deadline passed before any provider could be called"
          : calls.stream().map(c -> c.candidate().model() + ": " + c.outcome()).collect(Collectors.joining(", "));
      return errorResponse(request, route, attempts, 503, "all_providers_unavailable", "all providers unavailable (" + why + ")", 1L);
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
    RecordHeaders headers = new RecordHeaders();
    RequestHeaders.putString(headers, RequestHeaders.CORRELATION_ID, address.correlationId());
    return publisher.publishTo(address.topic(), topics.replies(), address.partition(), response.getRequestId(), response, headers)
        .then();
  }

  /** Where the instance that asked waits for the answer. */
  record ReplyAddress(String topic, Integer partition, String correlationId) {

    static ReplyAddress from(Headers headers, QueryRequest request, String defaultTopic) {
      String topic = RequestHeaders.string(headers, RequestHeaders.REPLY_TOPIC);
      OptionalInt partition = RequestHeaders.intValue(headers, RequestHeaders.REPLY_PARTITION);
      String correlationId = RequestHeaders.string(headers, RequestHeaders.CORRELATION_ID);
      return new ReplyAddress(topic == null ? defaultTopic : topic,
          partition.isPresent() && partition.getAsInt() >= 0 ? partition.getAsInt() : null,
          correlationId == null ? request.getRequestId() : correlationId);
    }
  }
}
