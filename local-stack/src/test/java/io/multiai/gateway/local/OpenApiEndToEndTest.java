package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at /v3/api-docs against the running stack: it is OpenAPI 3.1, documents every
 * endpoint the ingress serves (compared with the handler mappings themselves, so a new endpoint
 * without a description fails here), every error is problem+json (OpenAI's error object on /v1), and
 * real answers — successes and errors — match the documented schemas.
 */
class OpenApiEndToEndTest {

  // The client key gets one metrics call a minute, so the second is a documented 429.
  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.simulated()
      .everywhere(Map.of("gateway.providers.simulation.latency-mean-ms", 5, "gateway.providers.simulation.latency-jitter-ms", 2))
      .ingress(Map.of("gateway.security.keys.tests.limits.metrics", 1));

  private static GatewayClient admin;
  private static GatewayClient client;
  private static GatewayClient anonymous;
  private static OpenApiDocument api;
  private static final List<String> failures = new ArrayList<>();

  @BeforeAll
  static void readTheDocument() {
    admin = local.client(TestKeys.ADMIN);
    client = local.client(TestKeys.CLIENT);
    anonymous = local.anonymous();
    api = new OpenApiDocument(anonymous.get("/v3/api-docs").json());
  }

  @Test
  void givenNoKeyThenTheDocumentIsServedAsOpenApi31AndSwaggerUiLoads() {
    assertThat(api.json().get("openapi").asString()).isEqualTo("3.1.0");
    assertThat(anonymous.get("/v3/api-docs.yaml").body()).contains("openapi: 3.1.0");
    GatewayClient.Response ui = anonymous.get("/webjars/swagger-ui/index.html");
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui-bundle.js");
    assertThat(anonymous.get("/swagger-ui").status()).isEqualTo(302);
    // Swagger UI sets inline styles and data: icons: its pages alone get a policy allowing those, never inline scripts.
    assertThat(ui.header("content-security-policy")).contains("style-src 'self' 'unsafe-inline'").doesNotContain("script-src");
    assertThat(anonymous.get("/admin/multi-ai/analytics").header("content-security-policy"))
        .isEqualTo("default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
  }

  @Test
  void givenTheIngressHandlerMappingsThenEveryEndpointIsDocumentedWithProblemJsonErrors() {
    Set<String> served = new TreeSet<>();
    RequestMappingHandlerMapping mappings = local.stack().service("ingress-api")
        .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    mappings.getHandlerMethods().forEach((info, handler) -> {
      if (handler.getBeanType().getPackageName().startsWith("io.multiai.gateway")) {
        info.getPatternsCondition().getPatterns().forEach(pattern -> info.getMethodsCondition().getMethods()
            .forEach(method -> served.add(method.name().toLowerCase() + " " + pattern.getPatternString())));
      }
    });
    Set<String> documented = new TreeSet<>();
    api.json().get("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(operation -> documented.add(operation.getKey() + " " + path.getKey())));

    assertThat(served).isNotEmpty().contains("post /api/ai/route", "get /api/ai/analytics/edge");
    assertThat(documented).containsAll(served);
    api.json().get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
        operation.getValue().get("responses").properties().forEach(response -> {
          if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
            JsonNode resolved = resolve(response.getValue());
            String what = operation.getKey() + " " + path.getKey() + " " + response.getKey();
            if (path.getKey().startsWith("/v1/")) {
              // The OpenAI-compatible edge answers errors as OpenAI does, for the SDKs' typed exceptions.
              assertThat(resolved.path("content").path("application/json").path("schema").path("$ref").asString())
                  .as(what).isEqualTo("#/components/schemas/OpenAiError");
            } else {
              assertThat(resolved.path("content").has("application/problem+json")).as(what).isTrue();
            }
          }
        })));
  }

  @Test
  void givenRealTrafficThenEverySuccessAndErrorMatchesItsDocumentedSchema() {
    check("post", "/api/ai/route", admin.postJson("/api/ai/route", "{\"query\":\"hello\",\"costPriority\":\"cheap\",\"userId\":\"dana\"}"), 200);
    check("post", "/api/ai/route", admin.postJson("/api/ai/route", "{\"query\":\"hello\",\"costPriority\":\"cheap\",\"userId\":\"dana\"}"), 200); // cached
    check("post", "/api/ai/route", admin.postJson("/api/ai/route", "{\"query\":\"\"}"), 400);
    check("post", "/api/ai/route", anonymous.postJson("/api/ai/route", "{\"query\":\"hi\"}"), 401);
    check("post", "/api/ai/route", admin.post("/api/ai/route", "text/plain", "hi".getBytes()), 415);
    check("post", "/api/ai/ensemble", admin.postJson("/api/ai/ensemble", "{\"query\":\"Is 17 prime?\",\"strategy\":\"consensus\"}"), 200);
    check("post", "/api/ai/ensemble", admin.postJson("/api/ai/ensemble", "{\"query\":\"x\",\"strategy\":\"vote\"}"), 400);
    check("get", "/api/ai/status", anonymous.get("/api/ai/status"), 200);
    check("get", "/api/ai/status", client.get("/api/ai/status"), 200);

    await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/ai/metrics").json().get("totalQueries").asLong() >= 3);
    check("get", "/api/ai/metrics", client.get("/api/ai/metrics"), 200);
    check("get", "/api/ai/metrics", client.get("/api/ai/metrics"), 429);
    for (String range : List.of("", "?range=1h", "?range=24h", "?range=7d")) {
      check("get", "/api/ai/analytics/summary", admin.get("/api/ai/analytics/summary" + range), 200);
      check("get", "/api/ai/analytics/model-comparison", admin.get("/api/ai/analytics/model-comparison" + range), 200);
    }
    check("get", "/api/ai/analytics/summary", admin.get("/api/ai/analytics/summary?range=forever"), 400);
    check("get", "/api/ai/analytics/summary", client.get("/api/ai/analytics/summary"), 403);
    check("get", "/api/ai/analytics/edge", admin.get("/api/ai/analytics/edge"), 200);
    check("get", "/api/ai/alerts", admin.get("/api/ai/alerts"), 200);
    check("get", "/api/ai/users/{userId}/metrics/export", admin.get("/api/ai/users/dana/metrics/export"), 200);
    check("delete", "/api/ai/users/{userId}/metrics", admin.delete("/api/ai/users/dana/metrics"), 202);
    check("post", "/api/ai/admin/blocks", admin.postJson("/api/ai/admin/blocks",
        "{\"subject\":\"ip:203.0.113.9\",\"seconds\":60,\"reason\":\"test\"}"), 201);
    check("post", "/api/ai/admin/blocks", admin.postJson("/api/ai/admin/blocks", "{\"subject\":\"nobody\",\"seconds\":60}"), 400);
    check("get", "/api/ai/admin/blocks", admin.get("/api/ai/admin/blocks"), 200);
    check("get", "/v1/models", client.get("/v1/models"), 200);
    check("get", "/v1/models/{id}", client.get("/v1/models/gpt-5-mini"), 200);
    check("get", "/v1/models/{id}", client.get("/v1/models/no-such-model"), 404);
    check("post", "/v1/chat/completions", client.postJson("/v1/chat/completions",
        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"), 200);
    check("post", "/v1/chat/completions", client.postJson("/v1/chat/completions",
        "{\"model\":\"auto\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"), 400);
    check("post", "/v1/chat/completions", anonymous.postJson("/v1/chat/completions", "{}"), 401);
    assertThat(admin.delete("/api/ai/admin/blocks/ip:203.0.113.9").status()).isEqualTo(204);

    assertThat(failures).isEmpty();
    // and the validator does fail a body that breaks the document
    assertThat(api.errors("get", "/api/ai/alerts", 200, "application/json", "{\"active\":\"none\"}")).isNotEmpty();
    assertThat(api.errors("post", "/api/ai/route", 400, "application/problem+json", "{\"title\":\"x\"}")).isNotEmpty();
  }

  private static void check(String method, String path, GatewayClient.Response response, int expectedStatus) {
    assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
    String mediaType = response.contentType().split(";")[0].strip();
    List<String> errors = api.errors(method, path, response.status(), mediaType, response.body());
    if (!errors.isEmpty()) {
      failures.add(method + " " + path + " " + response.status() + ": " + errors + " in " + response.body());
    }
  }

  private static JsonNode resolve(JsonNode response) {
    return response.has("$ref") ? api.json().at(response.get("$ref").asString().substring(1)) : response;
  }
}
