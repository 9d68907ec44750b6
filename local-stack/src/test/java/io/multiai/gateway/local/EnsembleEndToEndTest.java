package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/ai/ensemble through the running pipeline, each provider's live client pointed at a fake
 * speaking its wire format. Members are the strong model of each provider: claude-sonnet-4-5,
 * gpt-5 and gemini-2.5-pro; the judge and the synthesizer are claude-sonnet-4-5.
 */
class EnsembleEndToEndTest {

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes()
      // the ensemble goes through the same retry policy as the router; short backoffs keep the test quick
      .everywhere("gateway.resilience.retry.base-delay-ms", 10)
      .ingress(LocalStackExtension.PLAIN_EDGE);

  private static GatewayClient gateway;
  private static FakeHttpServer anthropic;
  private static FakeHttpServer openai;
  private static FakeHttpServer gemini;

  @BeforeAll
  static void callAsAnAdmin() {
    gateway = local.client(TestKeys.ADMIN);
    anthropic = local.fakes().anthropic;
    openai = local.fakes().openai;
    gemini = local.fakes().gemini;
  }

  @Test
  void consensusReturnsTheMajorityAnswerWithAnAgreementScoreAndTheCostOfEveryPart() {
    anthropic.enqueue(claude("Paris.", 10, 3));
    openai.enqueue(openAi("paris", 12, 2));
    gemini.enqueue(gemini("Lyon", 8, 1));

    JsonNode answer = ensemble("consensus");

    assertThat(answer.get("answer").asString()).isIn("Paris.", "paris");
    assertThat(answer.get("agreement").asDouble()).isEqualTo(0.5);
    assertThat(answer.get("responses")).hasSize(3);
    // claude-sonnet-4-5 $3/$15, gpt-5 $1.25/$10, gemini-2.5-pro $1.25/$10 per million tokens
    double expected = (10 * 3 + 3 * 15 + 12 * 1.25 + 2 * 10 + 8 * 1.25 + 1 * 10) / 1e6;
    assertThat(answer.get("totalCostUsd").asDouble()).isCloseTo(expected, within(1e-12));
    assertThat(sumOfParts(answer)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void fastestAnswersWithoutTheSlowModelAndCancelsItsCall() {
    int closedBefore = gemini.closedConnections();
    int geminiCallsBefore = gemini.requestCount();
    anthropic.enqueue(claude("Paris", 5, 1).delayedBy(Duration.ofMillis(100)));
    openai.enqueue(openAi("Paris", 5, 1));
    gemini.enqueue(FakeResponse.hang());

    long started = System.nanoTime();
    JsonNode answer = ensemble("fastest");

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    assertThat(answer.get("model").asString()).isEqualTo("gpt-5");
    JsonNode slow = member(answer, "gemini-2.5-pro");
    assertThat(slow.get("error").asString()).startsWith("cancelled");
    // The winner can answer before the slow call has even reached the fake (a loaded machine, a new connection):
    // then nothing was sent, which is what cancelling is for. A call that did reach it must see its connection closed.
    boolean closed = gemini.awaitClosedConnections(closedBefore + 1, Duration.ofSeconds(5));
    assertThat(closed || gemini.requestCount() == geminiCallsBefore)
        .as("the slow call never reached the fake, or the fake saw its connection closed").isTrue();
  }

  @Test
  void aFailingModelLeavesAPartialAnswerThatListsTheFailure() {
    anthropic.enqueue(claude("Paris", 5, 1));
    openai.enqueue(FakeResponse.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    gemini.enqueue(gemini("Paris", 5, 1));

    JsonNode answer = ensemble("consensus");

    assertThat(answer.get("answer").asString()).isEqualTo("Paris");
    assertThat(member(answer, "gpt-5").get("error").asString()).startsWith("server_error");
  }

  @Test
  void whenEveryModelFailsTheAnswerIs503WithEachFailure() {
    anthropic.enqueue(FakeResponse.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"));
    openai.enqueue(FakeResponse.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    gemini.enqueue(FakeResponse.json(500, "{\"error\":{\"code\":500,\"message\":\"boom\",\"status\":\"INTERNAL\"}}"));

    GatewayClient.Response response = gateway.postJson("/api/ai/ensemble", "{\"query\":\"capital of France?\"}");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("responses")).hasSize(3);
  }

  @Test
  void bestLetsTheJudgeScoreEachAnswerAndPicksTheHighest() {
    anthropic.enqueue(claude("Paris", 5, 1), claude("1: 4\n2: 9\n3: 6", 40, 6));
    openai.enqueue(openAi("Paris is the capital of France.", 5, 6));
    gemini.enqueue(gemini("France", 5, 1));

    JsonNode answer = ensemble("best");

    assertThat(answer.get("answer").asString()).isEqualTo("Paris is the capital of France.");
    assertThat(answer.get("scores").get("gpt-5").asDouble()).isEqualTo(9.0);
    assertThat(answer.get("scoring").asString()).isEqualTo("judge:claude-sonnet-4-5");
    assertThat(member(answer, "judge").get("costUsd").asDouble()).isPositive();
    assertThat(answer.get("totalCostUsd").asDouble()).isCloseTo(sumOfParts(answer), within(1e-12));
  }

  @Test
  void synthesizeMergesTheAnswersWithTheSynthesizerModel() {
    anthropic.enqueue(claude("Paris", 5, 1), claude("Paris is France's capital and largest city.", 60, 9));
    openai.enqueue(openAi("Paris, the largest city", 5, 4));
    gemini.enqueue(gemini("It is Paris", 5, 3));

    JsonNode answer = ensemble("synthesize");

    assertThat(answer.get("answer").asString()).isEqualTo("Paris is France's capital and largest city.");
    assertThat(answer.get("responses")).hasSize(4);
    assertThat(member(answer, "synthesizer").get("model").asString()).isEqualTo("claude-sonnet-4-5");
  }

  private static JsonNode ensemble(String strategy) {
    GatewayClient.Response response = gateway.postJson("/api/ai/ensemble",
        "{\"query\":\"What is the capital of France?\",\"strategy\":\"" + strategy + "\",\"timeoutMs\":10000}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode member(JsonNode answer, String modelOrRole) {
    for (JsonNode member : answer.get("responses")) {
      if (member.get("model").asString().equals(modelOrRole) && member.get("role").asString().equals("member")
          || member.get("role").asString().equals(modelOrRole)) {
        return member;
      }
    }
    throw new AssertionError("no " + modelOrRole + " in " + answer);
  }

  private static double sumOfParts(JsonNode answer) {
    double sum = 0;
    for (JsonNode member : answer.get("responses")) {
      if (member.has("costUsd")) {
        sum += member.get("costUsd").asDouble();
      }
    }
    return sum;
  }

  private static FakeResponse claude(String text, int input, int output) {
    return FakeResponse.json(200, """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":%s}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":%d,"output_tokens":%d}}""".formatted(quote(text), input, output));
  }

  private static FakeResponse openAi(String text, int input, int output) {
    return FakeResponse.json(200, """
        {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-5",
         "choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(quote(text), input, output, input + output));
  }

  private static FakeResponse gemini(String text, int input, int output) {
    return FakeResponse.json(200, """
        {"candidates":[{"content":{"role":"model","parts":[{"text":%s}]},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":%d,"candidatesTokenCount":%d,"totalTokenCount":%d},"modelVersion":"gemini-2.5-pro"}"""
        .formatted(quote(text), input, output, input + output));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
