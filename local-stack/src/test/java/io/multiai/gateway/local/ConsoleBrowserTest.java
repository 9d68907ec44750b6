package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;

/**
 * The operator console in a real browser (Debian's headless Chromium) on a whole stack with API keys
 * on: after traffic, a cache hit, a rate-limit refusal and one firing alert, the page shows the
 * figures the API gives, every model and the alert, under the edge's Content-Security-Policy, at
 * desktop and phone width, light and dark; and it asks for a key and refuses a client key clearly.
 * Screenshots: local-stack/target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String USER_ID = "carol@example.com";
  private static final String SECRET_QUERY = "my confidential prompt about project nightingale";
  private static final String FAILING = "{\"query\":\"will fail\",\"provider\":\"openai\",\"model\":\"gpt-5-mini\",\"fallback\":false}";

  // OpenAI live against a fake with nothing scripted: every call to it fails; the others simulated.
  // The client key may make one "other" request a minute, so a second one is a rate-limit refusal.
  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes("openai")
      .everywhere(Map.of("gateway.providers.simulation.latency-mean-ms", 5, "gateway.providers.simulation.latency-jitter-ms", 2))
      .ingress(Map.of("gateway.security.keys.tests.limits.other", 1));

  private static BrowserRunner browser;
  private static GatewayClient admin;
  private static String baseUrl;

  @BeforeAll
  static void makeTraffic() throws Exception {
    browser = BrowserRunner.prepare();
    baseUrl = "http://localhost:" + local.ingressPort();
    admin = local.client(TestKeys.ADMIN);

    for (int i = 0; i < 20; i++) {
      assertThat(admin.postJson("/api/ai/route", "{\"query\":\"question " + i + "\",\"costPriority\":\""
          + List.of("cheap", "balanced", "quality").get(i % 3) + "\"}").status()).isEqualTo(200);
    }
    // A user's call with text that must never reach the page, then the same again: a cache hit.
    String personal = "{\"query\":\"" + SECRET_QUERY + "\",\"userId\":\"" + USER_ID + "\"}";
    assertThat(admin.postJson("/api/ai/route", personal).status()).isEqualTo(200);
    assertThat(admin.postJson("/api/ai/route", personal).json().get("cached").asBoolean()).isTrue();
    for (int i = 0; i < 10; i++) {
      assertThat(admin.postJson("/api/ai/route", FAILING).status()).isEqualTo(503);
    }
    GatewayClient client = local.client(TestKeys.CLIENT);
    client.get("/api/ai/nothing-here");
    assertThat(client.get("/api/ai/nothing-here").status()).isEqualTo(429);

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(admin.get("/api/ai/alerts").json().get("active").toString()).contains("success_rate_low");
      assertThat(admin.get("/api/ai/analytics/summary?range=1h").json().get("overview").get("totalQueries").asLong()).isEqualTo(32);
    });
  }

  @Test
  @Order(1)
  void givenTrafficAndAFiringAlertThenThePageShowsTheApisFiguresEveryModelAndTheAlertWithoutUserData() throws Exception {
    JsonNode page = browser.check(Map.of("BASE_URL", baseUrl, "MODE", "dashboard", "ADMIN_KEY", TestKeys.ADMIN));
    JsonNode summary = admin.get("/api/ai/analytics/summary?range=1h").json();
    JsonNode overview = summary.get("overview");

    assertThat(page.has("error")).as(page.path("error").asString()).isFalse();
    assertThat(page.get("problems")).as("CSP violations, script errors, failed loads").isEmpty();
    JsonNode tiles = page.get("tiles");
    assertThat(tiles.get("queries").asLong()).isEqualTo(overview.get("totalQueries").asLong()).isEqualTo(32);
    assertThat(tiles.get("successRate").asDouble()).isCloseTo(overview.get("successRate").asDouble(), within(1e-12)).isLessThan(0.9);
    assertThat(tiles.get("cost").asDouble()).isCloseTo(overview.get("totalCost").asDouble(), within(1e-12)).isPositive();
    assertThat(tiles.get("cacheHitRate").asDouble()).isCloseTo(overview.get("cacheHitRate").asDouble(), within(1e-12)).isPositive();
    assertThat(tiles.get("costToday").asDouble()).isCloseTo(summary.get("budget").get("costToday").asDouble(), within(1e-12));
    assertThat(tiles.get("rateLimitRejections").asLong())
        .isEqualTo(admin.get("/api/ai/analytics/edge").json().get("rateLimitRejections").get("total").asLong()).isEqualTo(1);

    assertThat(strings(page.get("statusModels"))).containsExactlyInAnyOrder(
        "claude-haiku-4-5", "claude-sonnet-4-5", "gpt-5-mini", "gpt-5", "gemini-2.5-flash", "gemini-2.5-pro");
    Set<String> compared = new HashSet<>();
    admin.get("/api/ai/analytics/model-comparison?range=1h").json().get("models").forEach(m -> compared.add(m.get("model").asString()));
    assertThat(strings(page.get("comparisonModels"))).containsExactlyInAnyOrderElementsOf(compared).contains("gpt-5-mini");
    assertThat(strings(page.get("providers"))).contains("openai", "gemini");
    assertThat(strings(page.get("activeAlerts"))).containsExactly("success_rate_low");
    assertThat(strings(page.get("recentAlerts"))).contains("success_rate_low");
    assertThat(page.get("charts").asInt()).isEqualTo(4);
    assertThat(page.get("body").asString()).doesNotContain(USER_ID).doesNotContain("nightingale");

    JsonNode phone = page.get("phone");
    assertThat(phone.get("overflowPx").asInt()).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
    assertThat(phone.get("dark").asBoolean()).isTrue();
    assertThat(phone.get("background").asString()).isEqualTo("rgb(18, 21, 27)");
    assertThat(BrowserRunner.SCREENSHOTS.resolve("console-desktop.png")).isNotEmptyFile();
    assertThat(BrowserRunner.SCREENSHOTS.resolve("console-phone-dark.png")).isNotEmptyFile();
    System.out.println("Console screenshots: " + BrowserRunner.SCREENSHOTS.toAbsolutePath());
  }

  @Test
  @Order(2)
  void givenAuthOnThenThePageAsksForAKeyRefusesAClientKeyClearlyAndKeepsAnAdminKeyForTheTabOnly() throws Exception {
    JsonNode page = browser.check(Map.of("BASE_URL", baseUrl, "MODE", "auth",
        "CLIENT_KEY", TestKeys.CLIENT, "ADMIN_KEY", TestKeys.ADMIN));

    assertThat(page.has("error")).as(page.path("error").asString()).isFalse();
    assertThat(page.get("withoutKey").asString()).contains("needs an admin API key");
    assertThat(page.get("dashboardHiddenWithoutKey").asBoolean()).isTrue();
    assertThat(page.get("withClientKey").asString()).contains("This key is not an admin key");
    assertThat(page.get("dashboardHiddenWithClientKey").asBoolean()).isTrue();
    assertThat(page.get("keyInSessionStorage").asBoolean()).as("sessionStorage, never localStorage").isTrue();
  }

  @Test
  @Order(3)
  void givenTheServedDocumentThenSwaggerUiListsEveryOperationUnderTheSamePolicy() throws Exception {
    JsonNode page = browser.check(Map.of("BASE_URL", baseUrl, "MODE", "swagger"));
    int operations = 0;
    for (JsonNode path : admin.get("/v3/api-docs").json().get("paths")) {
      operations += path.size();
    }

    assertThat(page.has("error")).as(page.path("error").asString()).isFalse();
    assertThat(page.get("problems")).as("CSP violations, script errors, failed loads").isEmpty();
    assertThat(page.get("operations").asInt()).isEqualTo(operations).isGreaterThanOrEqualTo(14);
    assertThat(Files.size(BrowserRunner.SCREENSHOTS.resolve("swagger-ui.png"))).isPositive();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.isNull() ? null : value.asString()));
    return values;
  }
}
