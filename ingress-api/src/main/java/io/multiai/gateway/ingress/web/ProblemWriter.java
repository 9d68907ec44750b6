package io.multiai.gateway.ingress.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.ingress.problem.ErrorShape;
import io.multiai.gateway.ingress.problem.Problems;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request from a filter in the error shape of its path ({@link ErrorShape}): RFC 9457 problem
 * details, the same shape controllers use, or OpenAI's error object on the {@code /v1} edge.
 */
public final class ProblemWriter {

  private final JsonMapper json;

  public ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  public Mono<Void> write(ServerWebExchange exchange, int status, String type, String detail) {
    return write(exchange, status, type, detail, Map.of());
  }

  public Mono<Void> write(ServerWebExchange exchange, int status, String type, String detail, Map<String, Object> extra) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    String path = exchange.getRequest().getPath().value();
    if (ErrorShape.openAi(path)) {
      return send(response, status, MediaType.APPLICATION_JSON, json.writeValueAsBytes(ErrorShape.openAiBody(status, detail, null,
          status == 401 ? "invalid_api_key" : status == 429 ? "rate_limit_exceeded" : type)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:multi-ai-gateway:problem:" + type);
    body.put("title", Problems.title(status));
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", exchange.getRequest().getPath().value());
    body.putAll(extra);
    return send(response, status, MediaType.APPLICATION_PROBLEM_JSON, json.writeValueAsBytes(body));
  }

  private static Mono<Void> send(ServerHttpResponse response, int status, MediaType type, byte[] bytes) {
    response.setStatusCode(HttpStatus.valueOf(status));
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(type);
    headers.setContentLength(bytes.length);
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}
