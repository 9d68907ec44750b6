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

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String apiKey;

  /** A caller without a key. */
  GatewayClient(int port) {
    this(port, null);
  }

  /** A caller sending {@code apiKey} as a bearer token on every request. */
  GatewayClient(int port, String apiKey) {
    this.base = "http://localhost:" + port;
    this.apiKey = apiKey;
  }

  Response post(String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(40))
        .header("content-type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return send(withHeaders(request, headers));
  }

  Response options(String path, String... headers) {
    return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), headers));
  }

  Response delete(String path) {
    return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).DELETE()));
  }

  Response postJson(String path, String json, String... headers) {
    return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
  }

  Response get(String path, String... headers) {
    return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET(), headers));
  }

  /** Adds the key (unless the caller sets Authorization or X-API-Key itself) and name/value header pairs. */
  private HttpRequest withHeaders(HttpRequest.Builder request, String... headers) {
    boolean ownKey = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
      ownKey |= headers[i].equalsIgnoreCase("authorization") || headers[i].equalsIgnoreCase("x-api-key");
    }
    if (apiKey != null && !ownKey) {
      request.header("authorization", "Bearer " + apiKey);
    }
    return request.build();
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body(),
          response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {

    /** The Retry-After header, null when absent. */
    String retryAfter() {
      return headers.firstValue("retry-after").orElse(null);
    }

    JsonNode json() {
      return JSON.readTree(body);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }
}
