package io.multiai.gateway.ingress.route;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.IngressProperties;
import io.multiai.gateway.schemas.QueryRequest;
import reactor.core.publisher.Mono;

/** POST /api/ai/route: validate, publish to the router workers, answer with their reply. */
@RestController
class RouteController {

  private final RouteRequestParser parser;
  private final QueryEndpoint endpoint;
  private final Topics topics;
  private final IngressProperties properties;

  RouteController(RouteRequestParser parser, QueryEndpoint endpoint, Topics topics, IngressProperties properties) {
    this.parser = parser;
    this.endpoint = endpoint;
    this.topics = topics;
    this.properties = properties;
  }

  @PostMapping(path = "/api/ai/route", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  Mono<ResponseEntity<?>> route(@RequestBody(required = false) Mono<byte[]> body, ServerHttpRequest http) {
    return QueryEndpoint.rejectNonJson(http).switchIfEmpty(body.defaultIfEmpty(new byte[0])
        .map(parser::parse)
        .flatMap(command -> {
          QueryRequest request = endpoint.newRequest(command.query(), command.costPriority(), command.userId())
              .setProvider(command.provider())
              .setModel(command.model())
              .setFallback(command.fallback())
              .build();
          return endpoint.submit("route", topics.requestsRoute(), request, properties.replyTimeout(), RouteResponseBody::from);
        }));
  }
}
