package io.multiai.gateway.providers.anthropic;

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

class AnthropicClientTest {

  private static final LiveClientCase CLAUDE = LiveClientCase.CLAUDE;

  private FakeHttpServer server;
  private ProviderClient client;

  @BeforeEach
  void start() {
    server = FakeHttpServer.start();
    client = CLAUDE.client(server);
  }

  @AfterEach
  void stop() {
    LiveClientCase.close(client);
    server.close();
  }

  private static String fixture(String name) {
    return Fixtures.read("providers/anthropic/" + name);
  }

  @Test
  void anthropicSendsAMessagesRequestWithTheHeadersAndFieldsTheSpecRequires() {
    server.enqueue(FakeResponse.json(200, fixture("message.json")));

    client.complete(CLAUDE.request()).block(Duration.ofSeconds(5));

    RecordedRequest request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/v1/messages");
    assertThat(request.header("x-api-key")).isEqualTo(API_KEY);
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("authorization")).isNull();
    JsonNode body = request.json();
    List<String> fields = new ArrayList<>(body.propertyNames());
    assertThat(fields).containsExactlyInAnyOrder("model", "max_tokens", "messages");
    assertThat(body.get("model").asString()).isEqualTo("claude-haiku-4-5");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(128);
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("user");
    assertThat(body.get("messages").get(0).get("content").asString()).isEqualTo(PROMPT);
  }

  @Test
  void anthropicReturnsTheAnswerTextAndReportedUsage() {
    server.enqueue(FakeResponse.json(200, fixture("message.json")));

    ProviderResponse answer = client.complete(CLAUDE.request()).block(Duration.ofSeconds(5));

    assertThat(answer.text()).isEqualTo("Hi! My name is Claude.");
    assertThat(answer.usage()).isEqualTo(new Usage(2095, 503, 0, 0));
    assertThat(answer.finishReason()).isEqualTo("stop"); // end_turn, in OpenAI's vocabulary
    assertThat(answer.model()).isEqualTo("claude-haiku-4-5");
    assertThat(answer.simulated()).isFalse();
    assertThat(client.provider()).isEqualTo(ProviderId.CLAUDE);
    assertThat(client.simulated()).isFalse();
  }

  @Test
  void anthropicCountsCacheReadsAndWritesAsInputAndLeavesThinkingOutOfTheAnswer() {
    server.enqueue(FakeResponse.json(200, fixture("message-with-cache.json")));

    ProviderResponse answer = client.complete(CLAUDE.request()).block(Duration.ofSeconds(5));

    assertThat(answer.text()).isEqualTo("Hi! My name is Claude.");
    // input_tokens 44 excludes the 2051 read from and the 100 written to the cache.
    assertThat(answer.usage()).isEqualTo(new Usage(44 + 2051 + 100, 503, 2051, 0));
  }

  @Test
  void anthropicTurnsA400IntoANonRetryableBadRequestWithTheProvidersMessage() {
    server.enqueue(FakeResponse.json(400, fixture("error-invalid-request.json")));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.BAD_REQUEST);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.httpStatus()).isEqualTo(400);
    assertThat(failure.getMessage()).contains("invalid_request_error").contains("max_tokens: Field required");
  }

  @Test
  void anthropicTurnsA401IntoAuthentication() {
    server.enqueue(FakeResponse.json(401, fixture("error-authentication.json")));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("invalid x-api-key");
  }

  @Test
  void anthropicTurnsA429IntoRateLimitedWithTheRetryAfterSecondsAndTheRateLimitHeaders() {
    server.enqueue(FakeResponse.json(429, fixture("error-rate-limit.json"))
        .withHeader("retry-after", "17")
        .withHeader("anthropic-ratelimit-requests-limit", "50")
        .withHeader("anthropic-ratelimit-requests-remaining", "0")
        .withHeader("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:17Z")
        .withHeader("anthropic-ratelimit-input-tokens-remaining", "39000")
        .withHeader("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy"));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMITED);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(17));
    assertThat(failure.rateLimitHeaders())
        .containsEntry("retry-after", "17")
        .containsEntry("anthropic-ratelimit-requests-limit", "50")
        .containsEntry("anthropic-ratelimit-requests-remaining", "0")
        .containsEntry("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:17Z")
        .containsEntry("anthropic-ratelimit-input-tokens-remaining", "39000")
        .doesNotContainKey("request-id");
  }

  @Test
  void anthropicReadsARetryAfterGivenAsAnHttpDate() {
    server.enqueue(FakeResponse.json(429, fixture("error-rate-limit.json"))
        .withHeader("retry-after", "Thu, 01 Jan 2026 00:00:45 GMT"));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(45));
  }

  @Test
  void anthropicTurnsA500IntoARetryableServerError() {
    server.enqueue(FakeResponse.json(500, fixture("error-api.json")));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.SERVER_ERROR);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).contains("api_error: Internal server error");
  }

  @Test
  void anthropicTurnsA529OverloadedErrorIntoOverloaded() {
    server.enqueue(FakeResponse.json(529, fixture("error-overloaded.json")));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.OVERLOADED);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.httpStatus()).isEqualTo(529);
  }

  @Test
  void anthropicTrustsAnOverloadedErrorTypeWhateverTheStatus() {
    server.enqueue(FakeResponse.json(503, fixture("error-overloaded.json")));

    assertThat(failureOf(client.complete(CLAUDE.request())).type()).isEqualTo(ErrorType.OVERLOADED);
  }

  @Test
  void anthropicRejectsMalformedJson() {
    server.enqueue(FakeResponse.json(200, fixture("message.json").replace("\"content\": [", "\"content\": [[")));

    assertThat(failureOf(client.complete(CLAUDE.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @Test
  void anthropicRejectsATruncatedBody() {
    String whole = fixture("message.json");
    server.enqueue(FakeResponse.json(200, whole.substring(0, whole.indexOf("\"usage\""))));

    assertThat(failureOf(client.complete(CLAUDE.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @Test
  void anthropicRejectsAnAnswerWithoutTextInsteadOfReturningAnEmptyOne() {
    server.enqueue(FakeResponse.json(200, fixture("message.json").replaceAll("(?s)\"content\": \\[.*?\\],", "\"content\": [],")));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
    assertThat(failure.httpStatus()).isEqualTo(200);
  }

  @Test
  void anthropicReportsARefusalAsBlockedContent() {
    server.enqueue(FakeResponse.json(200, fixture("message.json").replace("\"end_turn\"", "\"refusal\"")));

    assertThat(failureOf(client.complete(CLAUDE.request())).type()).isEqualTo(ErrorType.CONTENT_BLOCKED);
  }

  @Test
  void anthropicTimesOutWhenTheProviderIsSlowerThanTheResponseTimeout() {
    LiveClientCase.close(client);
    client = CLAUDE.client(CLAUDE.settings(server, Duration.ofMillis(250)));
    server.enqueue(FakeResponse.json(200, fixture("message.json")).delayedBy(Duration.ofSeconds(2)));

    ProviderException failure = failureOf(client.complete(CLAUDE.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.TIMEOUT);
    assertThat(failure.retryable()).isTrue();
  }
}
