package io.multiai.gateway.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.LiveClientCase;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.ToolCall;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;
import io.multiai.gateway.providers.fake.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The translation conformance table (issue 14): every {@link ConformanceCase} against every provider's live
 * client and a fake speaking its wire format, in both directions. The request the client sends must equal the
 * case's request fixture (as JSON: order and spacing aside), and the provider's answer fixture, plain and
 * streamed, must read as the case's answer.
 */
class ProviderConformanceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Stream<Arguments> cases() {
    return Stream.of(LiveClientCase.OPENAI, LiveClientCase.CLAUDE, LiveClientCase.GEMINI)
        .flatMap(provider -> ConformanceCase.ALL.stream().map(c -> Arguments.of(provider, c)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void theRequestIsTranslatedToTheFixtureAndTheAnswerReadBack(LiveClientCase provider, ConformanceCase c) {
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.json(200, fixture(provider, c, "answer.json")));
      ProviderClient client = provider.client(server);
      try {
        ProviderResponse answer = client.complete(request(provider, c)).block(Duration.ofSeconds(10));

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.uri()).isEqualTo(provider.expectedPath());
        assertThat(json(sent.body())).isEqualTo(json(fixture(provider, c, "request.json")));
        assertAnswer(provider, c, answer);
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void theStreamedRequestIsTheSameAndTheStreamReadsAsTheSameAnswer(LiveClientCase provider, ConformanceCase c) {
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.eventStream(fixture(provider, c, "stream.sse"), Duration.ZERO));
      ProviderClient client = provider.client(server);
      try {
        List<ProviderChunk> chunks = client.stream(request(provider, c)).collectList().block(Duration.ofSeconds(10));

        RecordedRequest sent = server.takeRequest();
        ObjectNode body = (ObjectNode) json(sent.body());
        switch (provider.provider()) {
          case OPENAI -> {
            assertThat(sent.uri()).isEqualTo(provider.expectedPath());
            assertThat(body.remove("stream").asBoolean()).isTrue();
            assertThat(body.remove("stream_options")).isEqualTo(json("{\"include_usage\":true}"));
          }
          case CLAUDE -> {
            assertThat(sent.uri()).isEqualTo(provider.expectedPath());
            assertThat(body.remove("stream").asBoolean()).isTrue();
          }
          case GEMINI -> assertThat(sent.uri())
              .isEqualTo("/v1beta/models/" + provider.model() + ":streamGenerateContent?alt=sse");
        }
        assertThat(body).isEqualTo(json(fixture(provider, c, "request.json")));
        // Multi-word answers stream in several text deltas, tool arguments (but Gemini's) in several pieces.
        long expectedDeltas = c.text().contains(" ") ? 2 : 1;
        assertThat(chunks.stream().filter(chunk -> !(chunk instanceof ProviderChunk.Finish)).count())
            .as("the answer arrives in pieces").isGreaterThanOrEqualTo(expectedDeltas);
        assertAnswer(provider, c, StreamedAnswer.of(provider.model(), chunks, false));
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  private static void assertAnswer(LiveClientCase provider, ConformanceCase c, ProviderResponse answer) {
    assertThat(answer.text()).isEqualTo(c.text());
    assertThat(answer.finishReason()).isEqualTo(c.finishReason());
    assertThat(answer.usage()).isEqualTo(c.usage(provider.provider()));
    assertThat(answer.model()).isEqualTo(provider.model());
    if (c.toolCall() == null) {
      assertThat(answer.toolCalls()).isEmpty();
    } else {
      assertThat(answer.toolCalls()).hasSize(1);
      ToolCall call = answer.toolCalls().get(0);
      assertThat(call.id()).isEqualTo(ConformanceCase.toolCallId(provider.provider()));
      assertThat(call.name()).isEqualTo(c.toolCall().name());
      assertThat(json(call.arguments())).isEqualTo(json(c.toolCall().arguments()));
    }
  }

  private static ProviderRequest request(LiveClientCase provider, ConformanceCase c) {
    return c.request().withModel(provider.model());
  }

  static String fixture(LiveClientCase provider, ConformanceCase c, String suffix) {
    String folder = provider.provider() == ProviderId.CLAUDE ? "anthropic" : provider.provider().wireName();
    return Fixtures.read("providers/conformance/" + folder + "/" + c.name() + "." + suffix);
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
