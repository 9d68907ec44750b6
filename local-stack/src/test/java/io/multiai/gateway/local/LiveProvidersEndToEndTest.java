package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;
import tools.jackson.databind.JsonNode;

/**
 * The real provider clients inside the running pipeline, each pointed at a fake that answers in
 * that provider's wire format (fixtures from the providers' API specifications).
 */
class LiveProvidersEndToEndTest {

  @RegisterExtension
  // Each test must reach the fake providers: no response cache.
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes().ingress(Map.of("gateway.cache.enabled", false));

  private static GatewayClient gateway;
  private static FakeHttpServer anthropic;
  private static FakeHttpServer openai;
  private static FakeHttpServer gemini;

  @BeforeAll
  static void callAsAClient() {
    gateway = local.client(TestKeys.CLIENT);
    anthropic = local.fakes().anthropic;
    openai = local.fakes().openai;
    gemini = local.fakes().gemini;
  }

  @Test
  void aQueryPinnedToOpenAiReturnsTheProvidersAnswerTokensAndCost() {
    openai.enqueue(FakeResponse.json(200, Fixtures.read("providers/openai/chat-completion.json")));

    JsonNode answer = route("{\"query\":\"hi\",\"provider\":\"openai\",\"fallback\":false}");

    assertThat(answer.get("answer").asString()).isEqualTo("Hello! How can I assist you today?");
    assertThat(answer.get("model").asString()).isEqualTo("gpt-5-mini");
    assertThat(answer.get("simulated").asBoolean()).isFalse();
    assertThat(answer.get("tokens").get("input").asLong()).isEqualTo(19);
    assertThat(answer.get("tokens").get("output").asLong()).isEqualTo(10);
    // gpt-5-mini: $0.25 input, $2.00 output per million tokens
    assertThat(answer.get("costUsd").asDouble()).isCloseTo((19 * 0.25 + 10 * 2.00) / 1e6, within(1e-15));
    assertThat(openai.takeRequest().header("authorization")).isEqualTo("Bearer test-openai-key");
  }

  @Test
  void aQueryPinnedToClaudeReturnsTheProvidersAnswerTokensAndCost() {
    anthropic.enqueue(FakeResponse.json(200, Fixtures.read("providers/anthropic/message.json")));

    JsonNode answer = route("{\"query\":\"hi\",\"model\":\"claude-haiku-4-5\"}");

    assertThat(answer.get("answer").asString()).isEqualTo("Hi! My name is Claude.");
    assertThat(answer.get("provider").asString()).isEqualTo("claude");
    assertThat(answer.get("tokens").get("input").asLong()).isEqualTo(2095);
    assertThat(answer.get("tokens").get("output").asLong()).isEqualTo(503);
    // claude-haiku-4-5: $1 input, $5 output per million tokens
    assertThat(answer.get("costUsd").asDouble()).isCloseTo((2095 * 1.0 + 503 * 5.0) / 1e6, within(1e-15));
  }

  @Test
  void aQueryPinnedToGeminiReturnsTheProvidersAnswerTokensAndCost() {
    gemini.enqueue(FakeResponse.json(200, Fixtures.read("providers/gemini/generate-content.json")));

    JsonNode answer = route("{\"query\":\"hi\",\"model\":\"gemini-2.5-flash\"}");

    assertThat(answer.get("answer").asString()).isEqualTo("Hello from Prism (Gemini fake).");
    assertThat(answer.get("tokens").get("input").asLong()).isEqualTo(3);
    assertThat(answer.get("tokens").get("output").asLong()).isEqualTo(4);
    // gemini-2.5-flash: $0.30 input, $2.50 output per million tokens
    assertThat(answer.get("costUsd").asDouble()).isCloseTo((3 * 0.30 + 4 * 2.50) / 1e6, within(1e-15));
  }

  @Test
  void aRejectedApiKeyMarksTheModelUnavailableInStatusWithItsReason() {
    String rejected = Fixtures.read("providers/anthropic/error-authentication.json");
    anthropic.enqueue(FakeResponse.json(401, rejected));

    GatewayClient.Response response = gateway.postJson("/api/ai/route", "{\"query\":\"hi\",\"model\":\"claude-sonnet-4-5\"}");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("attempts").get(0).get("outcome").asString()).isEqualTo("authentication");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode claude = gateway.get("/api/ai/status").json().get("providers").get("claude");
      JsonNode sonnet = claude.get("models").get("claude-sonnet-4-5");
      assertThat(sonnet.get("available").asBoolean()).isFalse();
      assertThat(sonnet.get("reason").asString()).isEqualTo("invalid API key");
    });
    assertThat(gateway.get("/api/ai/status").body()).doesNotContain("test-anthropic-key");
  }

  @Test
  void statusShowsEveryLiveProviderAvailable() {
    JsonNode status = gateway.get("/api/ai/status").json();

    assertThat(status.get("models").get("openai").asBoolean()).isTrue();
    assertThat(status.get("models").get("gemini").asBoolean()).isTrue();
    assertThat(status.get("providers").get("openai").get("mode").asString()).isEqualTo("live");
  }

  private static JsonNode route(String body) {
    GatewayClient.Response response = gateway.postJson("/api/ai/route", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
