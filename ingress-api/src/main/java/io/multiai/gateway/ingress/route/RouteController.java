package io.multiai.gateway.ingress.route;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.cache.CachePolicy;
import io.multiai.gateway.ingress.cache.RouteCache;
import io.multiai.gateway.ingress.settings.IngressProperties;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.schemas.QueryRequest;
import reactor.core.publisher.Mono;

/**
 * POST /api/ai/route: validate, answer from the response cache when allowed, else publish to the
 * router workers and answer with their reply (which the cache then keeps).
 */
@RestController
class RouteController {

  private final RouteRequestParser parser;
  private final QueryEndpoint endpoint;
  private final Topics topics;
  private final IngressProperties properties;
  private final RouteCache cache;

  RouteController(RouteRequestParser parser, QueryEndpoint endpoint, Topics topics, IngressProperties properties, RouteCache cache) {
    this.parser = parser;
    this.endpoint = endpoint;
    this.topics = topics;
    this.properties = properties;
    this.cache = cache;
  }

  @PostMapping(path = "/api/ai/route", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  Mono<ResponseEntity<?>> route(@RequestBody(required = false) Mono<byte[]> body, ServerHttpRequest http, ServerWebExchange exchange) {
    long started = EdgeAttributes.receivedNanos(exchange); // a cache hit's latency includes the edge filters
    CachePolicy policy = CachePolicy.of(http.getHeaders());
    return QueryEndpoint.rejectNonJson(http).switchIfEmpty(body.defaultIfEmpty(new byte[0])
        .map(parser::parse)
        .flatMap(command -> {
          QueryRequest request = endpoint.newRequest(command.query(), command.costPriority(), command.userId())
              .setProvider(command.provider())
              .setModel(command.model())
              .setFallback(command.fallback())
              .build();
          String cacheKey = cache.key(EdgeAttributes.subject(exchange), request, policy);
          return cache.lookup(cacheKey, policy, request, started)
              .<ResponseEntity<?>>map(hit -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                  .body(RouteResponseBody.cached(request.getRequestId(), hit)))
              .switchIfEmpty(Mono.defer(() -> endpoint.submit("route", topics.requestsRoute(), request, EdgeAttributes.identity(exchange), properties.replyTimeout(),
                  RouteResponseBody::from, reply -> cache.store(cacheKey, policy, reply))));
        }));
  }
}
