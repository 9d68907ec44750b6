package io.multiai.gateway.providers;

import static io.multiai.gateway.providers.LiveClientCase.PROMPT;
import static io.multiai.gateway.providers.LiveClientCase.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelPrice;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;

/**
 * Issue 12: what each live client makes of a call that failed, against fakes speaking the providers'
 * wire formats — the usage a billed but unusable answer reported (faults 4), and an input too long for
 * the model or refused as a caller's error, never retried (fault 5).
 */
class FailedCallsTest {

  private ProviderException failure(LiveClientCase provider, FakeResponse response) {
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(response);
      ProviderClient client = provider.client(server);
      try {
        return failureOf(client.complete(provider.request()));
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  /** gpt-5-mini's price read from gateway-defaults.yml, so the figure below follows the configured price list. */
  private static CostCalculator defaultPrices() {
    Matcher price = Pattern.compile("\"\\[gpt-5-mini]\": \\{input: ([0-9.]+), output: ([0-9.]+), cached-input: ([0-9.]+)}")
        .matcher(Fixtures.read("gateway-defaults.yml"));
    assertThat(price.find()).as("gpt-5-mini's price in gateway-defaults.yml").isTrue();
    return new CostCalculator(new PricingProperties(Map.of("gpt-5-mini", new ModelPrice(
        Double.parseDouble(price.group(1)), Double.parseDouble(price.group(2)), Double.parseDouble(price.group(3))))));
  }

  @Test
  void anEmptyOpenAiAnswerCutByTheLengthLimitFailsWithTheUsageItWasBilledFor() {
    ProviderException failure = failure(LiveClientCase.OPENAI,
        FakeResponse.json(200, Fixtures.read("providers/openai/chat-completion-length-empty.json")));

    assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
    assertThat(failure.usage()).contains(new Usage(30, 1024, 0, 1024));
    // 30 x $0.25 + 1,024 x $2.00 per million tokens = $0.0020555
    CallCost cost = CallCost.of(defaultPrices(), "gpt-5-mini", failure.usage().orElseThrow());
    assertThat(cost.costUsd()).isCloseTo(0.0020555, within(1e-12));
  }

  @Test
  void anOpenAiRefusalIsBlockedContentCarryingItsUsage() {
    ProviderException failure = failure(LiveClientCase.OPENAI, FakeResponse.json(200,
        Fixtures.read("providers/openai/chat-completion.json")
            .replace("\"Hello! How can I assist you today?\"", "null")
            .replace("\"refusal\": null", "\"refusal\": \"I can't help with that.\"")));

    assertThat(failure.type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
    assertThat(failure.type().callerError()).isTrue();
    assertThat(failure.usage()).contains(new Usage(19, 10, 0, 0));
  }

  @Test
  void anAnthropicAnswerStoppedByMaxTokensBeforeAnyTextFailsWithItsUsage() {
    ProviderException failure = failure(LiveClientCase.CLAUDE,
        FakeResponse.json(200, Fixtures.read("providers/anthropic/message-max-tokens-thinking.json")));

    assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("stop_reason max_tokens");
    assertThat(failure.usage()).contains(new Usage(30, 1024, 0, 0));
  }

  @Test
  void anAnthropicRefusalIsBlockedContentCarryingItsUsage() {
    ProviderException failure = failure(LiveClientCase.CLAUDE, FakeResponse.json(200,
        Fixtures.read("providers/anthropic/message.json").replace("\"end_turn\"", "\"refusal\"")));

    assertThat(failure.type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
    assertThat(failure.usage()).contains(new Usage(2095, 503, 0, 0));
  }

  @Test
  void aGeminiCandidateBlockedForSafetyIsBlockedContentCarryingItsPromptUsage() {
    ProviderException failure = failure(LiveClientCase.GEMINI,
        FakeResponse.json(200, Fixtures.read("providers/gemini/candidate-safety.json")));

    assertThat(failure.type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
    assertThat(failure.usage()).contains(new Usage(8, 0, 0, 0));
  }

  @Test
  void anErrorStatusCarriesNoUsageAndCostsNothing() {
    ProviderException failure = failure(LiveClientCase.OPENAI,
        FakeResponse.json(500, Fixtures.read("providers/openai/error-server.json")));

    assertThat(failure.usage()).isEmpty();
    assertThat(CallCost.of(defaultPrices(), "gpt-5-mini", failure.usage().orElse(null))).isEqualTo(CallCost.NOTHING_BILLED);
  }

  @Test
  void eachProvidersTooLongInputIsAContextLengthCallerErrorThatIsNotRetriedAndKeepsTheProvidersReason() {
    ProviderException openai = failure(LiveClientCase.OPENAI,
        FakeResponse.json(400, Fixtures.read("providers/openai/error-context-length.json")));
    ProviderException claude = failure(LiveClientCase.CLAUDE,
        FakeResponse.json(400, Fixtures.read("providers/anthropic/error-prompt-too-long.json")));
    ProviderException gemini = failure(LiveClientCase.GEMINI,
        FakeResponse.json(400, Fixtures.read("providers/gemini/error-input-too-long.json")));

    assertThat(java.util.List.of(openai, claude, gemini)).allSatisfy(failure -> {
      assertThat(failure.type()).isEqualTo(ErrorType.CONTEXT_LENGTH_EXCEEDED);
      assertThat(failure.retryable()).isFalse();
      assertThat(failure.type().callerError()).isTrue();
      assertThat(failure.httpStatus()).isEqualTo(400);
    });
    assertThat(openai.reason()).contains("maximum context length is 400000 tokens");
    assertThat(claude.reason()).contains("prompt is too long: 512034 tokens > 200000 maximum");
    assertThat(gemini.reason()).contains("exceeds the maximum number of tokens allowed (1048576)");
  }

  @Test
  void anOpenAiPromptFlaggedByItsPoliciesIsBlockedContent() {
    ProviderException failure = failure(LiveClientCase.OPENAI, FakeResponse.json(400, """
        {"error": {"message": "Invalid prompt: your prompt was flagged as potentially violating our usage policy.",
          "type": "invalid_request_error", "param": null, "code": "invalid_prompt"}}"""));

    assertThat(failure.type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
  }

  @Test
  void aProviderMessageQuotingPartOfTheInputLosesTheQuoteButKeepsParameterNames() {
    String partOfThePrompt = PROMPT.substring(0, 20);
    ProviderException failure = failure(LiveClientCase.OPENAI, FakeResponse.json(400, """
        {"error": {"message": "Invalid 'messages[0].content': the string '%s' is not allowed; model's limit reached. Also \\"%s",
          "type": "invalid_request_error", "param": "messages", "code": "invalid_value"}}"""
        .formatted(partOfThePrompt, PROMPT.substring(5, 25))));

    assertThat(failure.getMessage()).doesNotContain(partOfThePrompt).doesNotContain(PROMPT.substring(5, 25))
        .contains("'messages[0].content'").contains("model's limit reached").contains("[redacted]");
  }
}
