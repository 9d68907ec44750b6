package io.multiai.gateway.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.LiveClientCase;
import io.multiai.gateway.providers.MidStreamException;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.SimulatedProvider;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;
import reactor.core.Disposable;

/** How streams fail, stop and pace, against fakes speaking each provider's streaming format. */
class StreamingTest {

  private static final ConformanceCase PLAIN = ConformanceCase.ALL.get(0);

  static Stream<LiveClientCase> providers() {
    return Stream.of(LiveClientCase.OPENAI, LiveClientCase.CLAUDE, LiveClientCase.GEMINI);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void cancellingAStreamClosesTheProviderConnectionBeforeTheProviderFinishedSending(LiveClientCase provider)
      throws Exception {
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.eventStream(ProviderConformanceTest.fixture(provider, PLAIN, "stream.sse"),
          Duration.ofMillis(300)));
      ProviderClient client = provider.client(server);
      try {
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        Disposable subscription = client.stream(PLAIN.request().withModel(provider.model()))
            .subscribe(chunk -> first.countDown());
        assertThat(first.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("a first chunk arrives").isTrue();

        subscription.dispose();

        assertThat(server.awaitClosedConnections(1, Duration.ofSeconds(5))).as("the connection is closed").isTrue();
        Thread.sleep(200);
        assertThat(server.streamsCutShort()).isEqualTo(1);
        assertThat(server.streamsSentWhole()).isZero();
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void chunksArriveAsTheProviderSendsThemNotWhenTheStreamEnds(LiveClientCase provider) {
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.eventStream(ProviderConformanceTest.fixture(provider, PLAIN, "stream.sse"),
          Duration.ofMillis(150)));
      ProviderClient client = provider.client(server);
      try {
        long started = System.nanoTime();
        List<Long> arrivals = client.stream(PLAIN.request().withModel(provider.model()))
            .map(chunk -> (System.nanoTime() - started) / 1_000_000).collectList().block(Duration.ofSeconds(10));
        // At least 3 events 150 ms apart: the first chunk comes well before the last.
        assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0)).isGreaterThanOrEqualTo(250);
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aStreamRefusedWithAnHttpErrorFailsTypedAndRetryableBeforeAnyChunk(LiveClientCase provider) {
    String error = switch (provider.provider()) {
      case OPENAI -> "providers/openai/error-rate-limit.json";
      case CLAUDE -> "providers/anthropic/error-rate-limit.json";
      case GEMINI -> "providers/gemini/error-resource-exhausted.json";
    };
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.json(429, Fixtures.read(error)).withHeader("retry-after", "2"));
      ProviderClient client = provider.client(server);
      try {
        ProviderException failure = failureOf(client, provider);
        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMITED);
        assertThat(failure.midStream()).isFalse();
        assertThat(failure.retryable()).isTrue();
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aStreamDroppedAfterTheFirstChunkIsAMidStreamConnectionFailure(LiveClientCase provider) {
    String sse = ProviderConformanceTest.fixture(provider, PLAIN, "stream.sse");
    // The stream up to (not including) its end: OpenAI's [DONE] and finish, Anthropic's message_delta, Gemini's
    // last event with the finishReason.
    String cut = switch (provider.provider()) {
      case OPENAI -> sse.substring(0, sse.indexOf("\"finish_reason\":\"stop\"")).substring(0,
          sse.substring(0, sse.indexOf("\"finish_reason\":\"stop\"")).lastIndexOf("data:"));
      case CLAUDE -> sse.substring(0, sse.indexOf("event: message_delta"));
      case GEMINI -> sse.substring(0, sse.lastIndexOf("data:"));
    };
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.eventStream(cut, Duration.ZERO).thenDropped());
      ProviderClient client = provider.client(server);
      try {
        ProviderException failure = failureOf(client, provider);
        assertThat(failure).isInstanceOf(MidStreamException.class);
        assertThat(failure.midStream()).isTrue();
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.type()).isEqualTo(ErrorType.CONNECTION);
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @Test
  void anthropicOverloadedMidStreamIsAMidStreamFailureCarryingTheUsageSoFar() {
    String sse = ProviderConformanceTest.fixture(LiveClientCase.CLAUDE, PLAIN, "stream.sse");
    String cut = sse.substring(0, sse.indexOf("event: content_block_stop"))
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.eventStream(cut, Duration.ZERO));
      ProviderClient client = LiveClientCase.CLAUDE.client(server);
      try {
        ProviderException failure = failureOf(client, LiveClientCase.CLAUDE);
        assertThat(failure).isInstanceOf(MidStreamException.class);
        assertThat(failure.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(failure.retryable()).isFalse();
        // message_start's usage: 21 input tokens, 1 output token so far.
        assertThat(failure.usage()).contains(Usage.of(21, 1));
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @Test
  void anthropicOverloadedBeforeTheFirstChunkIsARetryableFailure() {
    String sse = ProviderConformanceTest.fixture(LiveClientCase.CLAUDE, PLAIN, "stream.sse");
    String cut = sse.substring(0, sse.indexOf("event: content_block_start"))
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.enqueue(FakeResponse.eventStream(cut, Duration.ZERO));
      ProviderClient client = LiveClientCase.CLAUDE.client(server);
      try {
        ProviderException failure = failureOf(client, LiveClientCase.CLAUDE);
        assertThat(failure.midStream()).isFalse();
        assertThat(failure.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(failure.retryable()).isTrue();
      } finally {
        LiveClientCase.close(client);
      }
    }
  }

  @Test
  void theSimulatorStreamsItsAnswerWordByWordWithTheSameTextAndUsageAsItsPlainAnswer() {
    SimulatedProvider simulator = new SimulatedProvider(ProviderId.GEMINI, new SimulationSettings(7, 40, 10, java.util.Map.of()));
    ProviderRequest request = ProviderRequest.ofPrompt("req-1", "gemini-2.5-flash", "hello there", 64);
    ProviderResponse plain = simulator.complete(request).block(Duration.ofSeconds(10));

    List<ProviderChunk> chunks = simulator.stream(request).collectList().block(Duration.ofSeconds(10));

    assertThat(chunks.size()).isGreaterThan(3);
    assertThat(StreamedAnswer.of("gemini-2.5-flash", chunks, true)).isEqualTo(plain);
  }

  private static ProviderException failureOf(ProviderClient client, LiveClientCase provider) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> client.stream(PLAIN.request().withModel(provider.model())).collectList()
        .block(Duration.ofSeconds(10)))
        .isInstanceOf(ProviderException.class)
        .satisfies(e -> caught[0] = e);
    assertThat(caught[0].getMessage()).doesNotContain(LiveClientCase.API_KEY).doesNotContain(ConformanceCase.PROMPT);
    return (ProviderException) caught[0];
  }
}
