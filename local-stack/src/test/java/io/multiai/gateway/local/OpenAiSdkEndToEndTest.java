package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.multiai.gateway.providers.fake.FakeResponse;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14's acceptance: the official {@code openai} npm package (locked in src/test/js, run with the machine's
 * node by {@code openai-sdk-check.mjs}) works against the whole stack with only its base URL and key changed —
 * models, a whole answer, a stream that arrives incrementally with usage last, a tool call round trip,
 * {@code model: "auto"}, and the SDK's typed errors. Providers are fakes speaking their real wire formats,
 * scripted in the order the script calls. Skipped, saying why, only when node is absent.
 */
class OpenAiSdkEndToEndTest {

  /** The fake OpenAI sends a streamed chunk every this many ms. */
  private static final int PACE_MS = 250;
  private static final String LIMITED_KEY = "test-limited-key-0123456789abcdef";

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes()
      .everywhere("gateway.resilience.retry.max-attempts", 1)
      .ingress(limitedKeyAndRoomyLimits());

  private static JsonNode report;

  private static Map<String, Object> limitedKeyAndRoomyLimits() {
    Map<String, Object> ingress = new HashMap<>(Map.of("gateway.cache.enabled", false, "gateway.rate-limit.route", 10_000));
    ingress.putAll(TestKeys.key("limited", "limited", "client", LIMITED_KEY));
    ingress.put("gateway.security.keys.limited.limits.route", 1);
    return ingress;
  }

  @BeforeAll
  static void runTheSdkAgainstTheStack() throws Exception {
    NodeScripts.prepare("the OpenAI SDK test");
    ProviderFakes fakes = local.fakes();
    // In the script's order: whole, stream, tool call and its follow-up (OpenAI); auto (Gemini, low × cheap).
    fakes.openai.enqueue(FakeResponse.json(200, OpenAiEdgeEndToEndTest.openAiCompletion("Hello from the fake.", null)));
    fakes.openai.enqueue(FakeResponse.eventStream(OpenAiEdgeEndToEndTest.openAiStream(List.of("One", " two", " three", " four")),
        Duration.ofMillis(PACE_MS)));
    fakes.openai.enqueue(FakeResponse.json(200, OpenAiEdgeEndToEndTest.openAiCompletion(null,
        "[{\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]")));
    fakes.openai.enqueue(FakeResponse.json(200, OpenAiEdgeEndToEndTest.openAiCompletion("It is 5 degrees.", null)));
    fakes.gemini.enqueue(FakeResponse.json(200, OpenAiEdgeEndToEndTest.geminiAnswer("Four.")));

    report = NodeScripts.run("openai-sdk-check.mjs", Map.of("BASE_URL", "http://127.0.0.1:" + local.ingressPort() + "/v1",
        "API_KEY", TestKeys.CLIENT, "LIMITED_KEY", LIMITED_KEY), 120);
    System.out.println("openai SDK report: " + report);
  }

  @Test
  void theSdkListsTheModelsWithAutoAndRetrievesOne() {
    JsonNode models = section("models");
    List<String> ids = new ArrayList<>();
    models.get("ids").forEach(id -> ids.add(id.asString()));
    assertThat(ids).contains("auto", "gpt-5-mini", "claude-sonnet-4-5", "gemini-2.5-flash");
    assertThat(models.get("retrieved").get("object").asString()).isEqualTo("model");
    assertThat(models.get("retrieved").get("owned_by").asString()).isEqualTo("openai");
  }

  @Test
  void theSdkGetsAWholeChatCompletionWithUsageAndTheGatewayHeaders() {
    JsonNode whole = section("whole");
    assertThat(whole.get("object").asString()).isEqualTo("chat.completion");
    assertThat(whole.get("id").asString()).startsWith("chatcmpl-");
    assertThat(whole.get("model").asString()).isEqualTo("gpt-5-mini");
    assertThat(whole.get("content").asString()).isEqualTo("Hello from the fake.");
    assertThat(whole.get("finishReason").asString()).isEqualTo("stop");
    assertThat(whole.get("usage").get("total_tokens").asLong()).isEqualTo(12);
    assertThat(whole.get("provider").asString()).isEqualTo("openai");
    assertThat(whole.get("requestId").isString()).isTrue();
  }

  @Test
  void theSdkReceivesAStreamChunkByChunkAsTheProviderSendsItWithUsageInTheLastChunk() {
    List<JsonNode> chunks = new ArrayList<>();
    section("stream").get("chunks").forEach(chunks::add);
    StringBuilder text = new StringBuilder();
    List<Long> contentAt = new ArrayList<>();
    for (JsonNode chunk : chunks) {
      assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
      if (chunk.get("content").isString() && !chunk.get("content").asString().isEmpty()) {
        text.append(chunk.get("content").asString());
        contentAt.add(chunk.get("atMs").asLong());
      }
    }
    assertThat(text).hasToString("One two three four");
    // Incremental: each word reached the SDK about when the provider sent it, not all at the end.
    assertThat(contentAt).hasSize(4);
    assertThat(contentAt.get(3) - contentAt.get(0)).as("ms between the first and the last word").isGreaterThanOrEqualTo(2 * PACE_MS);
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.get("choices").asInt()).isZero();
    assertThat(last.get("usage").get("completion_tokens").asLong()).isEqualTo(4);
    assertThat(last.get("usage").get("total_tokens").asLong()).isEqualTo(9);
    assertThat(chunks.get(chunks.size() - 2).get("finishReason").asString()).isEqualTo("stop");
  }

  @Test
  void aToolCallRoundTripsThroughTheSdkAndTheToolResultReachesTheProvider() {
    JsonNode tools = section("tools");
    assertThat(tools.get("firstFinishReason").asString()).isEqualTo("tool_calls");
    assertThat(tools.get("callId").asString()).isEqualTo("call_7");
    assertThat(tools.get("callName").asString()).isEqualTo("weather");
    assertThat(tools.get("callArguments").get("city").asString()).isEqualTo("Oslo");
    assertThat(tools.get("answer").asString()).isEqualTo("It is 5 degrees.");
    String followUp = local.fakes().openai.history().stream().map(r -> r.body()).filter(b -> b.contains("celsius")).findFirst().orElse("");
    assertThat(followUp).as("the request carrying the tool result").contains("call_7").contains("\"tool\"").contains("weather");
  }

  @Test
  void autoRoutesTheSdksQuestionByComplexityAndTheCostPriorityHeader() {
    JsonNode auto = section("auto");
    assertThat(auto.get("model").asString()).isEqualTo("gemini-2.5-flash");
    assertThat(auto.get("content").asString()).isEqualTo("Four.");
  }

  @Test
  void errorsRaiseTheSdksTypedExceptions() {
    JsonNode badKey = section("badKey");
    assertThat(badKey.get("className").asString()).isEqualTo("AuthenticationError");
    assertThat(badKey.get("isExpected").asBoolean()).isTrue();
    assertThat(badKey.get("status").asInt()).isEqualTo(401);

    JsonNode n = section("nTwo");
    assertThat(n.get("className").asString()).isEqualTo("BadRequestError");
    assertThat(n.get("isExpected").asBoolean()).isTrue();
    assertThat(n.get("param").asString()).isEqualTo("n");
    assertThat(n.get("type").asString()).isEqualTo("invalid_request_error");

    JsonNode limited = section("rateLimited");
    assertThat(limited.get("className").asString()).isEqualTo("RateLimitError");
    assertThat(limited.get("isExpected").asBoolean()).isTrue();
    assertThat(limited.get("status").asInt()).isEqualTo(429);
    assertThat(limited.get("retryAfter").asString()).matches("[1-9][0-9]*");
    assertThat(limited.get("before").toString()).isEqualTo("[\"BadRequestError\"]");
  }

  /** One case of the script's report; a case that threw where it should not have says so here. */
  private static JsonNode section(String name) {
    JsonNode section = report.get(name);
    assertThat(section).as(name).isNotNull();
    assertThat(section.has("failed")).as(name + ": " + section).isFalse();
    return section;
  }
}
