package io.multiai.gateway.ingress.route;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.ingress.budgets.BudgetService;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.problem.Problems;
import io.multiai.gateway.ingress.replies.ReplyCorrelator;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.ReplyError;
import io.multiai.gateway.schemas.StreamDelta;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the query endpoints share: a request record with a fresh id and a hashed user id, published
 * and awaited over Kafka; a worker's answer as 200, its error as problem details, silence as 504.
 */
public final class QueryEndpoint {

  private final ReplyCorrelator replies;
  private final UserIdHasher userIds;
  private final Clock clock;
  private final MeterRegistry meters;
  private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
  private final BudgetService budgets;

  public QueryEndpoint(ReplyCorrelator replies, UserIdHasher userIds, Clock clock, MeterRegistry meters, BudgetService budgets) {
    this.budgets = budgets;
    this.replies = replies;
    this.userIds = userIds;
    this.clock = clock;
    this.meters = meters;
  }

  /** A 415 for a body that does not claim to be JSON, else empty. */
  public static Mono<ResponseEntity<?>> rejectNonJson(ServerHttpRequest http) {
    MediaType contentType = http.getHeaders().getContentType();
    if (contentType != null && !contentType.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("json")) {
      return Mono.just(Problems.of(415, "unsupported-media-type", "Unsupported Media Type", "send the query as application/json"));
    }
    return Mono.empty();
  }

  public QueryRequest.Builder newRequest(String query, CostPriority costPriority, String userId) {
    return QueryRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setQuery(query)
        .setCostPriority(costPriority)
        .setUserIdHash(userId == null ? null : userIds.hash(userId))
        .setCreatedAtMs(clock.millis());
  }

  Mono<ResponseEntity<?>> submit(String endpoint, Topic<QueryRequest> topic, QueryRequest request, ClientIdentity caller,
      Duration timeout, Function<QueryResponse, Object> body) {
    return submit(endpoint, topic, request, caller, timeout, body, reply -> { });
  }

  /** As {@link #submit(String, Topic, QueryRequest, Duration, Function)}, handing every reply to {@code onReply} first. */
  Mono<ResponseEntity<?>> submit(String endpoint, Topic<QueryRequest> topic, QueryRequest request, ClientIdentity caller,
      Duration timeout, Function<QueryResponse, Object> body, java.util.function.Consumer<QueryResponse> onReply) {
    Timer.Sample sample = Timer.start(meters);
    return ask(topic, request, caller, timeout)
        .doOnNext(onReply)
        .<ResponseEntity<?>>map(reply -> answer(reply, body))
        .onErrorResume(TimeoutException.class, e -> Mono.just(Problems.of(504, "reply-timeout", "Gateway Timeout",
            "no worker answered request " + request.getRequestId() + " within " + timeout.toMillis() + " ms")))
        .doOnNext(response -> sample.stop(timer(endpoint, response.getStatusCode().value())));
  }

  /**
   * Publishes the request and waits for its reply (a {@link TimeoutException} after {@code timeout}): for an
   * edge that shapes answers and errors its own way (the OpenAI edge).
   */
  public Mono<QueryResponse> ask(Topic<QueryRequest> topic, QueryRequest request, ClientIdentity caller, Duration timeout) {
    // Reserved before the request exists on Kafka, settled before its answer is returned: whoever reads the
    // ledger after an answer sees its cost. Any end without a reply (timeout, the caller gone) settles in full.
    return budgets.reserve(caller, request).flatMap(reservation -> replies.request(topic, request.getRequestId(), reservation.request(),
            timeout)
        .flatMap(reply -> reservation.settle(reply).thenReturn(reply))
        .onErrorResume(e -> reservation.settleInFull().then(Mono.error(e)))
        .doOnCancel(reservation::settleInFullLater));
  }

  /**
   * Publishes a streaming request ({@code stream: true}) and returns its deltas in order, ending with the end
   * marker; {@code idleTimeout} bounds the wait for each delta. Cancelling tells the worker to stop.
   */
  public Flux<StreamDelta> askStreaming(Topic<QueryRequest> topic, QueryRequest request, ClientIdentity caller, Duration idleTimeout) {
    // Settled at the end marker's cost (the whole request's); a stream that ends otherwise settles in full.
    return budgets.reserve(caller, request).flatMapMany(reservation -> replies.stream(topic, request.getRequestId(),
            reservation.request(), idleTimeout)
        .concatMap(delta -> delta.getEnd() == null ? Mono.just(delta)
            : reservation.settle(delta.getEnd().getCostUsd() != null || !delta.getEnd().getAttempts().isEmpty()
                ? delta.getEnd().getCostUsd() : Double.valueOf(0)).thenReturn(delta))
        .onErrorResume(e -> reservation.settleInFull().then(Mono.error(e)))
        .doOnComplete(reservation::settleInFullLater)
        .doOnCancel(reservation::settleInFullLater));
  }

  /** Records a query endpoint's latency (time to the whole answer, or to the stream's head) by status. */
  public void observe(String endpoint, int status, Timer.Sample sample) {
    sample.stop(timer(endpoint, status));
  }

  public Timer.Sample startTimer() {
    return Timer.start(meters);
  }

  /** One timer per endpoint and status, built once rather than on every request. */
  private Timer timer(String endpoint, int status) {
    return timers.computeIfAbsent(endpoint + ' ' + status, key -> Timer.builder("gateway.query.latency")
        .description("time to answer a query endpoint, through Kafka and the workers")
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(meters));
  }

  private static ResponseEntity<?> answer(QueryResponse reply, Function<QueryResponse, Object> body) {
    ReplyError error = reply.getError();
    if (error == null) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body.apply(reply));
    }
    ResponseEntity<ProblemDetail> problem = Problems.of(error.getStatus(), error.getType().replace('_', '-'),
        Problems.title(error.getStatus()), error.getDetail(), error.getRetryAfterSeconds());
    problem.getBody().setProperty("requestId", reply.getRequestId());
    problem.getBody().setProperty("attempts", RouteResponseBody.attempts(reply));
    // A failed request may still have been billed (refusals, empty answers): the caller sees what it cost.
    if (reply.getCostUsd() != null && reply.getCostUsd() > 0) {
      problem.getBody().setProperty("costUsd", reply.getCostUsd());
    }
    if (reply.getEnsemble() != null) {
      problem.getBody().setProperty("responses", EnsembleResponseBody.members(reply.getEnsemble()));
    }
    return problem;
  }
}
