package io.multiai.gateway.providers.gemini;

import static io.multiai.gateway.providers.LiveClientCase.API_KEY;
import static io.multiai.gateway.providers.LiveClientCase.PROMPT;
import static io.multiai.gateway.providers.LiveClientCase.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.LiveClientCase;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;
import io.multiai.gateway.providers.fake.RecordedRequest;
import tools.jackson.databind.JsonNode;

class GeminiClientTest {

  private static final LiveClientCase GEMINI = LiveClientCase.GEMINI;

  private FakeHttpServer server;
  private ProviderClient client;

  @BeforeEach
  void start() {
    server = FakeHttpServer.start();
    client = GEMINI.client(server);
  }

  @AfterEach
  void stop() {
    LiveClientCase.close(client);
    server.close();
  }

  private static String fixture(String name) {
    return Fixtures.read("providers/gemini/" + name);
  }

  @Test
  void geminiSendsAGenerateContentRequestWithTheHeadersAndFieldsTheSpecRequires() {
    server.enqueue(FakeResponse.json(200, fixture("generate-content.json")));

    client.complete(GEMINI.request()).block(Duration.ofSeconds(5));

    RecordedRequest request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(request.header("x-goog-api-key")).isEqualTo(API_KEY);
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("authorization")).isNull();
    JsonNode body = request.json();
    List<String> fields = new ArrayList<>(body.propertyNames());
    assertThat(fields).containsExactlyInAnyOrder("contents", "generationConfig");
    assertThat(body.get("contents")).hasSize(1);
    JsonNode content = body.get("contents").get(0);
    assertThat(content.get("role").asString()).isEqualTo("user");
    assertThat(content.get("parts")).hasSize(1);
    assertThat(content.get("parts").get(0).get("text").asString()).isEqualTo(PROMPT);
    assertThat(new ArrayList<>(body.get("generationConfig").propertyNames())).containsExactly("maxOutputTokens");
    assertThat(body.get("generationConfig").get("maxOutputTokens").asInt()).isEqualTo(128);
  }

  @Test
  void geminiTakesTheBareModelIdWhenTheModelIsNamedAsAResource() {
    server.enqueue(FakeResponse.json(200, fixture("generate-content.json")));

    client.complete(ProviderRequest.ofPrompt("r", "models/gemini-2.5-flash", PROMPT, 64)).block(Duration.ofSeconds(5));

    assertThat(server.takeRequest().uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
  }

  @Test
  void geminiReturnsTheAnswerTextAndReportedUsage() {
    server.enqueue(FakeResponse.json(200, fixture("generate-content.json")));

    ProviderResponse answer = client.complete(GEMINI.request()).block(Duration.ofSeconds(5));

    assertThat(answer.text()).isEqualTo("Hello from Prism (Gemini fake).");
    assertThat(answer.usage()).isEqualTo(new Usage(3, 4, 0, 0));
    assertThat(answer.finishReason()).isEqualTo("stop"); // STOP, in OpenAI's vocabulary
    assertThat(answer.model()).isEqualTo("gemini-2.5-flash");
    assertThat(client.provider()).isEqualTo(ProviderId.GEMINI);
  }

  @Test
  void geminiBillsThoughtsAsOutputReportsThemAsReasoningAndLeavesThemOutOfTheAnswer() {
    server.enqueue(FakeResponse.json(200, fixture("generate-content-thinking-cached.json")));

    ProviderResponse answer = client.complete(GEMINI.request()).block(Duration.ofSeconds(5));

    assertThat(answer.text()).isEqualTo("Hello from Prism (Gemini fake).");
    assertThat(answer.usage()).isEqualTo(new Usage(4200, 12 + 180, 4096, 180));
  }

  @Test
  void geminiReportsABlockedPromptAsBlockedContent() {
    server.enqueue(FakeResponse.json(200, fixture("prompt-blocked.json")));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("SAFETY");
  }

  @Test
  void geminiReportsASafetyStopAsBlockedContent() {
    server.enqueue(FakeResponse.json(200, fixture("candidate-safety.json")));

    assertThat(failureOf(client.complete(GEMINI.request())).type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"})
  void geminiReportsEveryOtherBlockingFinishReasonAsBlockedContentEvenWithPartialText(String reason) {
    server.enqueue(FakeResponse.json(200, fixture("generate-content.json").replace("\"STOP\"", "\"" + reason + "\"")));

    assertThat(failureOf(client.complete(GEMINI.request())).type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
  }

  @Test
  void geminiRejectsAnAnswerWithoutCandidates() {
    server.enqueue(FakeResponse.json(200, fixture("no-candidates.json")));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("no candidates");
  }

  @Test
  void geminiRejectsACandidateWhoseTokensAllWentToThinking() {
    server.enqueue(FakeResponse.json(200, fixture("generate-content-thinking-cached.json")
        .replace("\"Hello from \"", "\"\"").replace("\"Prism (Gemini fake).\"", "\"\"")
        .replace("\"STOP\"", "\"MAX_TOKENS\"")));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("MAX_TOKENS");
  }

  @Test
  void geminiTurnsA400IntoANonRetryableBadRequestWithTheProvidersMessage() {
    server.enqueue(FakeResponse.json(400, fixture("error-invalid-argument.json")));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.BAD_REQUEST);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("INVALID_ARGUMENT").contains("contents is not specified");
  }

  @Test
  void geminiTurnsA401IntoAuthentication() {
    server.enqueue(FakeResponse.json(401, fixture("error-unauthenticated.json")));

    assertThat(failureOf(client.complete(GEMINI.request())).type()).isEqualTo(ErrorType.AUTHENTICATION);
  }

  @Test
  void geminiRecognisesARejectedApiKeyThatComesAsA400() {
    server.enqueue(FakeResponse.json(400, fixture("error-api-key-invalid.json")));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
    assertThat(failure.httpStatus()).isEqualTo(400);
  }

  @Test
  void geminiTurnsA429IntoRateLimitedWithTheRetryAfterHeader() {
    server.enqueue(FakeResponse.json(429, fixture("error-resource-exhausted.json")).withHeader("retry-after", "7"));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMITED);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(failure.rateLimitHeaders()).containsEntry("retry-after", "7");
  }

  @Test
  void geminiReadsARetryAfterGivenAsAnHttpDate() {
    server.enqueue(FakeResponse.json(429, fixture("error-resource-exhausted.json"))
        .withHeader("retry-after", "Thu, 01 Jan 2026 00:00:05 GMT"));

    assertThat(failureOf(client.complete(GEMINI.request())).retryAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void geminiFallsBackToTheRetryDelayInTheErrorBody() {
    server.enqueue(FakeResponse.json(429, fixture("error-resource-exhausted.json")));

    assertThat(failureOf(client.complete(GEMINI.request())).retryAfter()).contains(Duration.ofSeconds(22));
  }

  @Test
  void geminiTurnsA500IntoARetryableServerError() {
    server.enqueue(FakeResponse.json(500, fixture("error-internal.json")));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.SERVER_ERROR);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).contains("INTERNAL");
  }

  @Test
  void geminiTurnsAnOverloaded503IntoARetryableServerError() {
    server.enqueue(FakeResponse.json(503, fixture("error-unavailable.json")));

    ProviderException failure = failureOf(client.complete(GEMINI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.SERVER_ERROR);
    assertThat(failure.retryable()).isTrue();
  }

  @Test
  void geminiRejectsMalformedJson() {
    server.enqueue(FakeResponse.json(200, fixture("generate-content.json").replace("\"candidates\": [", "\"candidates\": [}")));

    assertThat(failureOf(client.complete(GEMINI.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @Test
  void geminiRejectsATruncatedBody() {
    String whole = fixture("generate-content.json");
    server.enqueue(FakeResponse.json(200, whole.substring(0, whole.indexOf("\"usageMetadata\""))));

    assertThat(failureOf(client.complete(GEMINI.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @Test
  void geminiTimesOutWhenTheProviderIsSlowerThanTheResponseTimeout() {
    LiveClientCase.close(client);
    client = GEMINI.client(GEMINI.settings(server, Duration.ofMillis(250)));
    server.enqueue(FakeResponse.json(200, fixture("generate-content.json")).delayedBy(Duration.ofSeconds(2)));

    assertThat(failureOf(client.complete(GEMINI.request())).type()).isEqualTo(ErrorType.TIMEOUT);
  }
}
