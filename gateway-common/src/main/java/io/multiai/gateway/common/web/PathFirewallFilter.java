package io.multiai.gateway.common.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first line of every service's HTTP port (ingress and the workers' actuator ports alike):
 * <ul>
 *   <li>a path {@link PathFirewall} refuses gets 400 problem details before any handler sees it;</li>
 *   <li>a health path that names no group or component gets 404 problem details: Spring Boot's
 *       health endpoint throws IllegalArgumentException or IllegalStateException for sub-paths it
 *       cannot walk ({@code /actuator/health/a/b/c} under a plain indicator), which would otherwise be
 *       a 500 with a stack trace in the log, on a path anyone may call without a key;</li>
 *   <li>an error answered with no body at all (the actuator's 404 for an unknown health group) gets
 *       a problem details body, so every error of the API has the one RFC 9457 shape.</li>
 * </ul>
 * None of these logs more than one DEBUG line: they are the caller's mistakes, and a caller must not
 * be able to fill the log.
 */
public final class PathFirewallFilter implements WebFilter, Ordered {

  /** Right after the security headers (which the ingress sets first), before everything else. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

  private static final Logger log = LoggerFactory.getLogger(PathFirewallFilter.class);

  private final JsonMapper json;
  private final String healthPath;

  /**
   * @param healthPath where the health endpoint is served, e.g. {@code /actuator/health}
   */
  public PathFirewallFilter(JsonMapper json, String healthPath) {
    this.json = json;
    this.healthPath = healthPath;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String refused = PathFirewall.rejection(exchange.getRequest().getPath().pathWithinApplication());
    if (refused != null) {
      log.debug("refused path: {}", refused);
      return write(exchange.getResponse(), exchange, HttpStatus.BAD_REQUEST, "invalid-path", refused);
    }
    ServerWebExchange guarded = exchange.mutate().response(new ProblemBodyForEmptyErrors(exchange)).build();
    Mono<Void> handled = chain.filter(guarded);
    if (!underHealth(exchange.getRequest().getPath().pathWithinApplication().value())) {
      return handled;
    }
    return handled.onErrorResume(e -> e instanceof IllegalArgumentException || e instanceof IllegalStateException,
        e -> {
          log.debug("no health contributor at this path: {}", e.toString());
          return write(exchange.getResponse(), exchange, HttpStatus.NOT_FOUND, "not-found",
              "no health group or component at this path");
        });
  }

  private boolean underHealth(String path) {
    return path.startsWith(healthPath + "/");
  }

  /** Writes problem details unless the response is already on its way. */
  Mono<Void> write(ServerHttpResponse response, ServerWebExchange exchange, HttpStatusCode status, String type, String detail) {
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(status);
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    byte[] bytes = problem(exchange, status, type, detail);
    headers.setContentLength(bytes.length);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  private byte[] problem(ServerWebExchange exchange, HttpStatusCode status, String type, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:multi-ai-gateway:problem:" + type);
    HttpStatus known = HttpStatus.resolve(status.value());
    body.put("title", known == null ? "Error" : known.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", exchange.getRequest().getPath().value());
    return json.writeValueAsBytes(body);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /**
   * Puts a problem body into error responses that would otherwise go out empty and without a content
   * type. Responses that bring their own body or type, HEAD requests and successes pass untouched.
   */
  private final class ProblemBodyForEmptyErrors extends ServerHttpResponseDecorator {

    private final ServerWebExchange exchange;

    ProblemBodyForEmptyErrors(ServerWebExchange exchange) {
      super(exchange.getResponse());
      this.exchange = exchange;
    }

    @Override
    public Mono<Void> setComplete() {
      return needsBody() ? writeProblem() : super.setComplete();
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      if (!needsBody()) {
        return super.writeWith(body);
      }
      // An error without a content type: its body, if any, is small; look before writing it.
      return Flux.from(body).collectList().flatMap(buffers -> {
        int bytes = buffers.stream().mapToInt(DataBuffer::readableByteCount).sum();
        if (bytes > 0) {
          return super.writeWith(Flux.fromIterable(buffers));
        }
        buffers.forEach(DataBufferUtils::release);
        return writeProblem();
      });
    }

    private boolean needsBody() {
      HttpStatusCode status = getStatusCode();
      return status != null && status.isError() && getHeaders().getContentType() == null
          && exchange.getRequest().getMethod() != HttpMethod.HEAD;
    }

    private Mono<Void> writeProblem() {
      HttpStatusCode status = getStatusCode();
      String type = status.value() == 404 ? "not-found" : "http-" + status.value();
      HttpStatus known = HttpStatus.resolve(status.value());
      String detail = status.value() == 404 ? "nothing is served at this path" : known == null ? "error" : known.getReasonPhrase();
      return write(getDelegate(), exchange, status, type, detail);
    }
  }
}
