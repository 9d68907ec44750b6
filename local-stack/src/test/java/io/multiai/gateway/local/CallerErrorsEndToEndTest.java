package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;
import io.multiai.gateway.schemas.AvroSerde;
import io.multiai.gateway.schemas.MetricEvent;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, faults 4 and 5 through HTTP on the real broker, with the real provider clients against
 * fakes speaking each provider's wire format: an input too long for every model that can be tried is
 * the caller's 413 (not a 503 with Retry-After), and a failed call the provider billed counts in the
 * reply's cost and its MetricEvent.
 */
class CallerErrorsEndToEndTest {

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes().ingress(Map.of("gateway.cache.enabled", false));

  private static GatewayClient gateway;

  @BeforeAll
  static void callAsAClient() {
    gateway = local.client(TestKeys.CLIENT);
  }

  @Test
  void anInputTooLongForEveryModelThatCanTakeItIsA413WithEachProvidersReasonAndNoRetryAfter() {
    String secret = "Summarise the merger memo for Project Bluebird";
    // Anthropic quotes the start of the input back: that part must not reach the caller's problem detail.
    local.fakes().anthropic.enqueue(FakeResponse.json(400, """
        {"type": "error", "error": {"type": "invalid_request_error",
          "message": "prompt is too long: 512034 tokens > 200000 maximum (input began \\"%s\\")"}}""".formatted(secret)));
    local.fakes().gemini.enqueue(FakeResponse.json(400, Fixtures.read("providers/gemini/error-input-too-long.json")));
    int openAiCallsBefore = local.fakes().openai.requestCount();

    // claude-haiku-4-5 (200k) first, then the chain: gemini-2.5-flash (1,048,576), gpt-5-mini (400k).
    GatewayClient.Response response = gateway.postJson("/api/ai/route",
        "{\"query\":\"" + secret + "\",\"model\":\"claude-haiku-4-5\",\"fallback\":true}");

    assertThat(response.status()).as(response.body()).isEqualTo(413);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.headers().firstValue("retry-after")).isEmpty();
    JsonNode problem = response.json();
    assertThat(problem.get("type").asString()).endsWith("context-length-exceeded");
    assertThat(problem.get("detail").asString())
        .contains("claude-haiku-4-5: context_length_exceeded (HTTP 400 invalid_request_error: prompt is too long: 512034 tokens > 200000 maximum")
        .contains("gemini-2.5-flash: context_length_exceeded (HTTP 400 INVALID_ARGUMENT: The input token count (1200000) exceeds")
        .contains("gpt-5-mini: not tried: context window of 400000 tokens")
        .doesNotContain(secret).doesNotContain("Bluebird");
    assertThat(problem.get("attempts")).hasSize(2);
    // Once per model at most, no retries, and the model whose window is smaller than one found too small is not called.
    assertThat(local.fakes().openai.requestCount()).isEqualTo(openAiCallsBefore);
  }

  @Test
  void aFailedCallThatWasBilledCountsInTheRepliesCostAndItsMetricEvent() {
    local.fakes().openai.enqueue(FakeResponse.json(200, Fixtures.read("providers/openai/chat-completion-length-empty.json")));
    local.fakes().gemini.enqueue(FakeResponse.json(200, Fixtures.read("providers/gemini/candidate-safety.json")));
    local.fakes().anthropic.enqueue(FakeResponse.json(200, Fixtures.read("providers/anthropic/message.json")));

    // gpt-5-mini first, then the low/cheap chain: gemini-2.5-flash, claude-haiku-4-5.
    GatewayClient.Response response = gateway.postJson("/api/ai/route",
        "{\"query\":\"hi\",\"model\":\"gpt-5-mini\",\"fallback\":true,\"costPriority\":\"cheap\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode answer = response.json();
    assertThat(answer.get("model").asString()).isEqualTo("claude-haiku-4-5");
    assertThat(answer.get("attempts")).extracting(a -> a.get("model").asString() + ":" + a.get("outcome").asString())
        .containsExactly("gpt-5-mini:invalid_response", "gemini-2.5-flash:content_blocked", "claude-haiku-4-5:success");
    double gpt5Mini = (30 * 0.25 + 1024 * 2.00) / 1e6; // $0.0020555
    double geminiBlocked = (8 * 0.30) / 1e6;
    double claude = (2095 * 1.00 + 503 * 5.00) / 1e6;
    assertThat(gpt5Mini).isCloseTo(0.0020555, within(1e-15));
    assertThat(answer.get("costUsd").asDouble()).isCloseTo(gpt5Mini + geminiBlocked + claude, within(1e-12));

    String requestId = answer.get("requestId").asString();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      AvroSerde<MetricEvent> serde = AvroSerde.of(MetricEvent.class);
      List<MetricEvent> events = TopicReader.readAll(local.bootstrapServers(), "ai.metrics").stream()
          .map(r -> serde.decode(r.value())).filter(e -> e.getRequestId().equals(requestId)).toList();
      assertThat(events).hasSize(3);
      MetricEvent failed = events.stream().filter(e -> e.getModel().equals("gpt-5-mini")).findFirst().orElseThrow();
      assertThat(failed.getSuccess()).isFalse();
      assertThat(failed.getInputTokens()).isEqualTo(30);
      assertThat(failed.getOutputTokens()).isEqualTo(1024);
      assertThat(failed.getCostUsd()).isCloseTo(gpt5Mini, within(1e-12));
    });
  }
}
