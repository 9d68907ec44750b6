package io.multiai.gateway.common.web;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The path firewall of every service's HTTP port, the workers' actuator ports included: no path,
 * however encoded, reaches a handler in a shape it cannot take (see {@link PathFirewallFilter}).
 */
@Configuration(proxyBeanMethods = false)
public class PathFirewallConfiguration {

  @Bean
  PathFirewallFilter pathFirewallFilter(JsonMapper json, Environment env) {
    return new PathFirewallFilter(json, env.getProperty("management.endpoints.web.base-path", "/actuator") + "/health");
  }

  /**
   * A request line whose percent-encoding is broken ({@code /%zz}, a lone {@code %}) cannot become a
   * URI, so Spring's Reactor Netty adapter answers it 400 before any filter runs, with no body. This
   * gives that answer the problem details body every other error has.
   */
  @Bean
  NettyServerCustomizer problemBodyForUnparseableRequests() {
    byte[] body = ("{\"type\":\"urn:multi-ai-gateway:problem:invalid-path\",\"title\":\"Bad Request\",\"status\":400,"
        + "\"detail\":\"the request target is not a valid URI\"}").getBytes(StandardCharsets.UTF_8);
    return server -> server.mapHandle((handled, connection) -> handled.then(Mono.defer(() -> {
      if (connection instanceof HttpServerResponse response && !response.hasSentHeaders()
          && response.status().code() == 400 && !response.responseHeaders().contains(HttpHeaderNames.CONTENT_TYPE)) {
        response.header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        return response.sendByteArray(Mono.just(body)).then();
      }
      return Mono.empty();
    })));
  }
}
