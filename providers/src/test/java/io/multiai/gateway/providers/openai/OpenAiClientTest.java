package io.multiai.gateway.providers.openai;

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

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.LiveClientCase;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;
import io.multiai.gateway.providers.fake.RecordedRequest;
import tools.jackson.databind.JsonNode;

class OpenAiClientTest {

  private static final LiveClientCase OPENAI = LiveClientCase.OPENAI;

  private FakeHttpServer server;
  private ProviderClient client;

  @BeforeEach
  void start() {
    server = FakeHttpServer.start();
    client = OPENAI.client(server);
  }

  @AfterEach
  void stop() {
    LiveClientCase.close(client);
    server.close();
  }

  private static String fixture(String name) {
    return Fixtures.read("providers/openai/" + name);
  }

  @Test
  void openAiSendsAChatCompletionRequestWithTheHeadersAndFieldsTheSpecRequires() {
    server.enqueue(FakeResponse.json(200, fixture("chat-completion.json")));

    client.complete(OPENAI.request()).block(Duration.ofSeconds(5));

    RecordedRequest request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(request.header("content-type")).isEqualTo("application/json");
    JsonNode body = request.json();
    List<String> fields = new ArrayList<>(body.propertyNames());
    assertThat(fields).containsExactlyInAnyOrder("model", "messages", "max_completion_tokens");
    assertThat(body.get("model").asString()).isEqualTo("gpt-5-mini");
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(128);
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("user");
    assertThat(body.get("messages").get(0).get("content").asString()).isEqualTo(PROMPT);
  }

  @Test
  void openAiReachesTheEndpointUnderABaseUrlWithATrailingSlash() {
    LiveClientCase.close(client);
    client = OPENAI.client(OPENAI.settings(server.baseUrl() + "/v1/", Duration.ofSeconds(5)));
    server.enqueue(FakeResponse.json(200, fixture("chat-completion.json")));

    client.complete(OPENAI.request()).block(Duration.ofSeconds(5));

    assertThat(server.takeRequest().uri()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void openAiReturnsTheAnswerTextAndReportedUsage() {
    server.enqueue(FakeResponse.json(200, fixture("chat-completion.json")));

    ProviderResponse answer = client.complete(OPENAI.request()).block(Duration.ofSeconds(5));

    assertThat(answer.text()).isEqualTo("Hello! How can I assist you today?");
    assertThat(answer.usage()).isEqualTo(new Usage(19, 10, 0, 0));
    assertThat(answer.finishReason()).isEqualTo("stop");
    assertThat(answer.model()).isEqualTo("gpt-5-mini");
    assertThat(answer.simulated()).isFalse();
    assertThat(client.provider()).isEqualTo(ProviderId.OPENAI);
  }

  @Test
  void openAiReportsCachedPromptTokensAndReasoningTokensInsideTheCompletionCount() {
    server.enqueue(FakeResponse.json(200, fixture("chat-completion-cached-reasoning.json")));

    ProviderResponse answer = client.complete(OPENAI.request()).block(Duration.ofSeconds(5));

    assertThat(answer.usage()).isEqualTo(new Usage(1200, 300, 1024, 256));
  }

  @Test
  void openAiCompatibleServersWithoutUsageDetailsStillGiveAnAnswer() {
    server.enqueue(FakeResponse.json(200, fixture("chat-completion-compatible.json")));

    ProviderResponse answer = client.complete(OPENAI.request()).block(Duration.ofSeconds(5));

    assertThat(answer.text()).isEqualTo("Hello from Prism (OpenAI fake).");
    assertThat(answer.usage()).isEqualTo(new Usage(9, 7, 0, 0));
  }

  @Test
  void openAiTurnsA400IntoANonRetryableBadRequestWithTheProvidersMessage() {
    server.enqueue(FakeResponse.json(400, fixture("error-invalid-request.json")));

    ProviderException failure = failureOf(client.complete(OPENAI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.BAD_REQUEST);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("unsupported_parameter").contains("Use 'max_completion_tokens' instead");
  }

  @Test
  void openAiTurnsA401IntoAuthentication() {
    server.enqueue(FakeResponse.json(401, fixture("error-authentication.json")));

    ProviderException failure = failureOf(client.complete(OPENAI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
    assertThat(failure.getMessage()).contains("invalid_api_key");
  }

  @Test
  void openAiTurnsA429IntoRateLimitedPreferringTheMillisecondRetryHeaderAndKeepingTheLimitHeaders() {
    server.enqueue(FakeResponse.json(429, fixture("error-rate-limit.json"))
        .withHeader("retry-after", "1")
        .withHeader("retry-after-ms", "120")
        .withHeader("x-ratelimit-limit-requests", "500")
        .withHeader("x-ratelimit-remaining-requests", "0")
        .withHeader("x-ratelimit-reset-requests", "120ms")
        .withHeader("x-ratelimit-remaining-tokens", "149984")
        .withHeader("x-request-id", "req_abc"));

    ProviderException failure = failureOf(client.complete(OPENAI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMITED);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.retryAfter()).contains(Duration.ofMillis(120));
    assertThat(failure.rateLimitHeaders())
        .containsEntry("retry-after-ms", "120")
        .containsEntry("retry-after", "1")
        .containsEntry("x-ratelimit-limit-requests", "500")
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-reset-requests", "120ms")
        .containsEntry("x-ratelimit-remaining-tokens", "149984")
        .doesNotContainKey("x-request-id");
  }

  @Test
  void openAiReadsRetryAfterSecondsWhenNoMillisecondHeaderIsSent() {
    server.enqueue(FakeResponse.json(429, fixture("error-rate-limit.json")).withHeader("retry-after", "20"));

    assertThat(failureOf(client.complete(OPENAI.request())).retryAfter()).contains(Duration.ofSeconds(20));
  }

  @Test
  void openAiReadsARetryAfterGivenAsAnHttpDate() {
    server.enqueue(FakeResponse.json(429, fixture("error-rate-limit.json"))
        .withHeader("retry-after", "Thu, 01 Jan 2026 00:01:00 GMT"));

    assertThat(failureOf(client.complete(OPENAI.request())).retryAfter()).contains(Duration.ofMinutes(1));
  }

  @Test
  void openAiTreatsAnExhaustedQuotaAsAFailureWaitingCanNotFix() {
    server.enqueue(FakeResponse.json(429, fixture("error-insufficient-quota.json")));

    ProviderException failure = failureOf(client.complete(OPENAI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.PERMISSION);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.httpStatus()).isEqualTo(429);
  }

  @Test
  void openAiTurnsA500IntoARetryableServerError() {
    server.enqueue(FakeResponse.json(500, fixture("error-server.json")));

    ProviderException failure = failureOf(client.complete(OPENAI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.SERVER_ERROR);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).contains("The server had an error");
  }

  @Test
  void openAiReadsTheBareStringErrorOfOllama() {
    server.enqueue(FakeResponse.json(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"));

    ProviderException failure = failureOf(client.complete(OPENAI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.NOT_FOUND);
    assertThat(failure.getMessage()).contains("model \"llama9\" not found");
  }

  @Test
  void openAiRejectsMalformedJson() {
    server.enqueue(FakeResponse.json(200, fixture("chat-completion.json").replace("\"choices\": [", "\"choices\" [")));

    assertThat(failureOf(client.complete(OPENAI.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @Test
  void openAiRejectsATruncatedBody() {
    String whole = fixture("chat-completion.json");
    server.enqueue(FakeResponse.json(200, whole.substring(0, whole.indexOf("\"usage\""))));

    assertThat(failureOf(client.complete(OPENAI.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @Test
  void openAiRejectsAnAnswerWithoutChoices() {
    server.enqueue(FakeResponse.json(200, fixture("chat-completion.json").replaceAll("(?s)\"choices\": \\[.*?\\n  \\],", "\"choices\": [],")));

    ProviderException failure = failureOf(client.complete(OPENAI.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("no choices");
  }

  @Test
  void openAiRejectsAnEmptyAnswerInsteadOfReturningIt() {
    server.enqueue(FakeResponse.json(200, fixture("chat-completion.json")
        .replace("\"Hello! How can I assist you today?\"", "null")));

    assertThat(failureOf(client.complete(OPENAI.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @Test
  void openAiReportsARefusalOrAContentFilterStopAsBlockedContent() {
    server.enqueue(
        FakeResponse.json(200, fixture("chat-completion.json")
            .replace("\"Hello! How can I assist you today?\"", "null")
            .replace("\"refusal\": null", "\"refusal\": \"I can't help with that.\"")),
        FakeResponse.json(200, fixture("chat-completion.json").replace("\"stop\"", "\"content_filter\"")));

    assertThat(failureOf(client.complete(OPENAI.request())).type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
    assertThat(failureOf(client.complete(OPENAI.request())).type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
  }

  @Test
  void openAiTimesOutWhenTheProviderIsSlowerThanTheResponseTimeout() {
    LiveClientCase.close(client);
    client = OPENAI.client(OPENAI.settings(server, Duration.ofMillis(250)));
    server.enqueue(FakeResponse.json(200, fixture("chat-completion.json")).delayedBy(Duration.ofSeconds(2)));

    assertThat(failureOf(client.complete(OPENAI.request())).type()).isEqualTo(ErrorType.TIMEOUT);
  }
}
