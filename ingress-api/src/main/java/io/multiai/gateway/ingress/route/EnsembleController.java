package io.multiai.gateway.ingress.route;

import java.time.Duration;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.settings.IngressProperties;
import io.multiai.gateway.schemas.EnsembleOptions;
import io.multiai.gateway.schemas.QueryRequest;
import reactor.core.publisher.Mono;

/** POST /api/ai/ensemble: one query to several models, combined by a strategy, over the same request-reply path. */
@RestController
class EnsembleController {

  /** Time the worker may need beyond the ensemble's own deadline to combine and reply. */
  private static final Duration REPLY_MARGIN = Duration.ofSeconds(2);

  private final EnsembleRequestParser parser;
  private final QueryEndpoint endpoint;
  private final Topics topics;
  private final IngressProperties properties;

  EnsembleController(EnsembleRequestParser parser, QueryEndpoint endpoint, Topics topics, IngressProperties properties) {
    this.parser = parser;
    this.endpoint = endpoint;
    this.topics = topics;
    this.properties = properties;
  }

  @PostMapping(path = "/api/ai/ensemble", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  Mono<ResponseEntity<?>> ensemble(@RequestBody(required = false) Mono<byte[]> body, ServerHttpRequest http,
      org.springframework.web.server.ServerWebExchange exchange) {
    long maxTimeoutMs = properties.replyTimeout().toMillis();
    return QueryEndpoint.rejectNonJson(http).switchIfEmpty(body.defaultIfEmpty(new byte[0])
        .map(bytes -> parser.parse(bytes, maxTimeoutMs))
        .flatMap(command -> {
          long timeoutMs = command.timeoutMs() == null ? maxTimeoutMs : command.timeoutMs();
          QueryRequest request = endpoint.newRequest(command.query(), command.costPriority(), command.userId())
              .setEnsemble(new EnsembleOptions(command.strategy(), command.models(), timeoutMs))
              .build();
          return endpoint.submit("ensemble", topics.requestsEnsemble(), request,
              io.multiai.gateway.ingress.web.EdgeAttributes.identity(exchange), Duration.ofMillis(timeoutMs).plus(REPLY_MARGIN),
              EnsembleResponseBody::from);
        }));
  }
}
