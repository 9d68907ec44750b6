package io.multiai.gateway.ingress.route;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.IngressProperties;
import io.multiai.gateway.ingress.cache.CachePolicy;
import io.multiai.gateway.ingress.cache.RouteCache;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.ingress.problem.Problems;
import io.multiai.gateway.ingress.replies.ReplyCorrelator;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.ReplyError;
import reactor.core.publisher.Mono;

/** POST /api/ai/route: validate, publish to the router workers, answer with their reply. */
@RestController
class RouteController {

  private final RouteRequestParser parser;
  private final ReplyCorrelator replies;
  private final Topics topics;
  private final UserIdHasher userIds;
  private final IngressProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final RouteCache cache;

  RouteController(RouteRequestParser parser, ReplyCorrelator replies, Topics topics, UserIdHasher userIds,
      IngressProperties properties, Clock clock, MeterRegistry meters, RouteCache cache) {
    this.parser = parser;
    this.replies = replies;
    this.topics = topics;
    this.userIds = userIds;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.cache = cache;
  }

  @PostMapping(path = "/api/ai/route", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  Mono<ResponseEntity<?>> route(@RequestBody(required = false) Mono<byte[]> body, ServerHttpRequest http, ServerWebExchange exchange) {
    MediaType contentType = http.getHeaders().getContentType();
    if (contentType != null && !contentType.getSubtype().toLowerCase().endsWith("json")) {
      return Mono.just(Problems.of(415, "unsupported-media-type", "Unsupported Media Type",
          "send the query as application/json"));
    }
    Timer.Sample sample = Timer.start(meters);
    long started = EdgeAttributes.receivedNanos(exchange); // a cache hit's latency includes the edge filters
    CachePolicy policy = CachePolicy.of(http.getHeaders());
    return body.defaultIfEmpty(new byte[0])
        .map(parser::parse)
        .flatMap(command -> {
          QueryRequest request = toRecord(command);
          String cacheKey = cache.key(command, policy);
          return cache.lookup(cacheKey, policy, request, started)
              .<ResponseEntity<?>>map(hit -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(hit))
              .switchIfEmpty(Mono.defer(() -> replies.request(topics.requestsRoute(), request.getRequestId(), request, properties.replyTimeout())
                  .doOnNext(reply -> cache.store(cacheKey, policy, reply))
                  .<ResponseEntity<?>>map(RouteController::answer)
                  .onErrorResume(TimeoutException.class, e -> Mono.just(Problems.of(504, "reply-timeout", "Gateway Timeout",
                      "no worker answered request " + request.getRequestId() + " within " + properties.replyTimeout().toMillis() + " ms")))));
        })
        .doOnNext(response -> sample.stop(Timer.builder("gateway.route.latency")
            .description("time to answer /api/ai/route").tag("status", Integer.toString(response.getStatusCode().value()))
            .publishPercentileHistogram().register(meters)));
  }

  private QueryRequest toRecord(RouteCommand command) {
    return QueryRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setQuery(command.query())
        .setCostPriority(command.costPriority())
        .setProvider(command.provider())
        .setModel(command.model())
        .setFallback(command.fallback())
        .setUserIdHash(command.userId() == null ? null : userIds.hash(command.userId()))
        .setCreatedAtMs(clock.millis())
        .build();
  }

  private static ResponseEntity<?> answer(QueryResponse reply) {
    ReplyError error = reply.getError();
    if (error == null) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(RouteResponseBody.from(reply));
    }
    ResponseEntity<ProblemDetail> problem = Problems.of(error.getStatus(), error.getType().replace('_', '-'),
        Problems.title(error.getStatus()), error.getDetail(), error.getRetryAfterSeconds());
    problem.getBody().setProperty("requestId", reply.getRequestId());
    problem.getBody().setProperty("attempts", RouteResponseBody.attempts(reply));
    return problem;
  }
}
