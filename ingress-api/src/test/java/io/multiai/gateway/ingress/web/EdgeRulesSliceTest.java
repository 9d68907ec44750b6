package io.multiai.gateway.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Flux;

/**
 * The ingress edge rules on the real filter chain in front of stub endpoints, without a broker:
 * keys and roles, body size, rate limits, CORS, security headers, media type. The end-to-end layer
 * (local-stack EdgeEndToEndTest) keeps a thin check of each through the whole pipeline.
 */
@EdgeSliceTest
class EdgeRulesSliceTest {

  @Autowired
  WebTestClient http;

  @LocalServerPort
  int port;

  /** An absolute URI as written, so that percent-encodings reach the server untouched. */
  private URI raw(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Test
  void givenNoKey_whenCallingAClientEndpoint_then401ProblemWithWwwAuthenticate() {
    http.post().uri("/api/ai/route").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"query\":\"hi\"}").exchange()
        .expectStatus().isEqualTo(401)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value).startsWith("Bearer"))
        .expectBody().jsonPath("$.status").isEqualTo(401);
  }

  @Test
  void givenAnUnknownKey_whenCallingAnyEndpoint_then401EvenOnPublicOnes() {
    for (String path : List.of("/api/ai/metrics", "/api/ai/status", "/actuator/health")) {
      http.get().uri(path).header("X-API-Key", "not-a-key").exchange()
          .expectStatus().isEqualTo(401)
          .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
    }
  }

  @Test
  void givenAClientKey_asBearerOrXApiKey_whenCallingAClientEndpoint_thenItPasses() {
    http.get().uri("/api/ai/metrics").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.CLIENT).exchange()
        .expectStatus().isOk();
    http.get().uri("/api/ai/metrics").header("X-API-Key", EdgeSlice.CLIENT).exchange()
        .expectStatus().isOk();
  }

  @Test
  void givenAClientKey_whenCallingAnyAdminPath_then403ProblemAndNoAdminData() {
    for (String path : List.of("/api/ai/admin/blocks", "/api/ai/admin/budgets", "/api/ai/analytics/budgets", "/api/ai/analytics/summary", "/api/ai/alerts", "/api/ai/users/u1/metrics",
        "/admin/multi-ai/analytics", "/admin/multi-ai/data", "/metrics", "/actuator/prometheus", "/actuator/info", "/api/ai/%61dmin/blocks")) {
      EntityExchangeResult<String> result = http.get().uri(raw(path))
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.CLIENT).exchange()
          .expectStatus().isEqualTo(403)
          .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody(String.class).returnResult();
      assertThat(result.getResponseBody()).as(path).doesNotContain(EdgeSlice.ADMIN_DATA);
    }
  }

  @Test
  void givenAnAdminKey_whenCallingAnAdminPath_thenItPasses() {
    http.get().uri("/api/ai/admin/blocks").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.ADMIN).exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.secret").isEqualTo(EdgeSlice.ADMIN_DATA);
  }

  @Test
  void givenNoKey_whenCallingStatusOrHealth_thenTheyAreServed() {
    http.get().uri("/api/ai/status").exchange().expectStatus().isOk();
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void givenABodyOverTheLimit_whenItsLengthIsDeclared_then413Problem() {
    http.post().uri("/api/ai/route").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.CLIENT)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"query\":\"" + "a".repeat(2048) + "\"}").exchange()
        .expectStatus().isEqualTo(413)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void givenAChunkedBodyOverTheLimit_whenItIsStreamed_then413Problem() {
    // A Flux body goes out chunked, without Content-Length: the limit applies while reading.
    Flux<String> chunks = Flux.range(0, 64).map(i -> "a".repeat(64));
    http.post().uri("/api/ai/route").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.CLIENT)
        .contentType(MediaType.APPLICATION_JSON).body(chunks, String.class).exchange()
        .expectStatus().isEqualTo(413)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void givenAKeyLimitedTo3RouteCallsAMinute_whenItMakesAFourth_then429WithRetryAfterAndRateLimitHeaders() {
    for (int i = 1; i <= 3; i++) {
      http.post().uri("/api/ai/route").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.SMALL)
          .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"query\":\"hi\"}").exchange()
          .expectStatus().isOk()
          .expectHeader().valueEquals("RateLimit-Limit", "3")
          .expectHeader().valueEquals("RateLimit-Remaining", Integer.toString(3 - i))
          .expectHeader().exists("RateLimit-Reset");
    }

    http.post().uri("/api/ai/route").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.SMALL)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"query\":\"hi\"}").exchange()
        .expectStatus().isEqualTo(429)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L))
        .expectHeader().valueEquals("RateLimit-Remaining", "0")
        .expectHeader().value("RateLimit-Reset", v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
    // Another client's budget is its own.
    http.post().uri("/api/ai/route").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.CLIENT)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"query\":\"hi\"}").exchange()
        .expectStatus().isOk();
  }

  @Test
  void givenAPreflightFromTheAllowedOrigin_whenItCarriesNoKey_thenItIsAnswered() {
    http.options().uri("/api/ai/route").header(HttpHeaders.ORIGIN, EdgeSlice.ORIGIN)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type").exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, EdgeSlice.ORIGIN)
        .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, v -> assertThat(v).contains("POST"))
        .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, v -> assertThat(v.toLowerCase()).contains("authorization"));
  }

  @Test
  void givenAPreflightFromAnotherOrigin_thenItIsRefusedWithoutCorsHeaders() {
    http.options().uri("/api/ai/route").header(HttpHeaders.ORIGIN, "https://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange()
        .expectStatus().isEqualTo(403)
        .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
  }

  @Test
  void givenAnyAnswer_successOrRefusal_thenItCarriesTheSecurityHeadersAndNoHstsOverPlainHttp() {
    List<WebTestClient.ResponseSpec> answers = List.of(
        http.get().uri("/api/ai/status").exchange(),
        http.post().uri("/api/ai/route").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(),
        http.get().uri(raw("/actuator/health/a%2Fb")).exchange());
    for (WebTestClient.ResponseSpec answer : answers) {
      answer.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
          .expectHeader().valueEquals("X-Frame-Options", "DENY")
          .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
          .expectHeader().value("Content-Security-Policy", v -> assertThat(v).contains("frame-ancestors 'none'"))
          .expectHeader().doesNotExist("Strict-Transport-Security");
    }
  }

  @Test
  void givenABodyThatIsNotJson_whenPostedToRoute_then415Problem() {
    http.post().uri("/api/ai/route").header(HttpHeaders.AUTHORIZATION, "Bearer " + EdgeSlice.CLIENT)
        .contentType(MediaType.TEXT_PLAIN).bodyValue("hi").exchange()
        .expectStatus().isEqualTo(415)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
