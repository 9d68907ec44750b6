package io.multiai.gateway.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A caller of the gateway's HTTP API, as an application would be. */
final class GatewayClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  GatewayClient(int port) {
    this.base = "http://localhost:" + port;
  }

  Response post(String path, String contentType, byte[] body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(40))
        .header("content-type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return send(request);
  }

  Response postJson(String path, String json) {
    return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).DELETE().build());
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body(),
          response.headers().firstValue("retry-after").orElse(null));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** @param retryAfter the Retry-After header, null when absent */
  record Response(int status, String contentType, String body, String retryAfter) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }
}
