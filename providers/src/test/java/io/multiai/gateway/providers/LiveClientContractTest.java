package io.multiai.gateway.providers;

import static io.multiai.gateway.providers.LiveClientCase.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;
import reactor.core.Disposable;

/** What every live client does the same way, whatever the provider's wire format. */
class LiveClientContractTest {

  private FakeHttpServer server;
  private ProviderClient client;

  static List<LiveClientCase> providers() {
    return List.of(LiveClientCase.CLAUDE, LiveClientCase.OPENAI, LiveClientCase.GEMINI);
  }

  static Stream<Arguments> statuses() {
    int[][] table = {
        {400, ErrorType.BAD_REQUEST.ordinal()}, {401, ErrorType.AUTHENTICATION.ordinal()},
        {403, ErrorType.PERMISSION.ordinal()}, {404, ErrorType.NOT_FOUND.ordinal()},
        {408, ErrorType.TIMEOUT.ordinal()}, {413, ErrorType.PAYLOAD_TOO_LARGE.ordinal()},
        {429, ErrorType.RATE_LIMITED.ordinal()}, {500, ErrorType.SERVER_ERROR.ordinal()},
        {502, ErrorType.SERVER_ERROR.ordinal()}, {503, ErrorType.SERVER_ERROR.ordinal()},
        {504, ErrorType.SERVER_ERROR.ordinal()}, {529, ErrorType.OVERLOADED.ordinal()}};
    return providers().stream().flatMap(provider -> Stream.of(table)
        .map(row -> Arguments.of(provider, row[0], ErrorType.values()[row[1]])));
  }

  @BeforeEach
  void startServer() {
    server = FakeHttpServer.start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      LiveClientCase.close(client);
    }
    server.close();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("statuses")
  void anErrorStatusBecomesATypedFailureThatKnowsWhetherARetryCanHelp(LiveClientCase provider, int status,
      ErrorType expected) {
    server.enqueue(FakeResponse.of(status, "text/html", "<html><body>upstream says no</body></html>"));
    client = provider.client(server);

    ProviderException failure = failureOf(client.complete(provider.request()));

    assertThat(failure.type()).isEqualTo(expected);
    assertThat(failure.httpStatus()).isEqualTo(status);
    assertThat(failure.provider()).isEqualTo(provider.provider());
    assertThat(failure.model()).isEqualTo(provider.model());
    boolean retryable = List.of(408, 429, 500, 502, 503, 504, 529).contains(status);
    assertThat(failure.retryable()).isEqualTo(retryable);
    assertThat(failure.getMessage()).contains("upstream says no");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void malformedJsonInA200IsAnInvalidResponseNotAnEmptyAnswer(LiveClientCase provider) {
    server.enqueue(FakeResponse.json(200, "{\"id\": \"x\", \"oops\" ]"));
    client = provider.client(server);

    ProviderException failure = failureOf(client.complete(provider.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
    assertThat(failure.retryable()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aTruncatedBodyIsAnInvalidResponse(LiveClientCase provider) {
    String whole = provider.successBody();
    server.enqueue(FakeResponse.json(200, whole.substring(0, whole.length() / 2)));
    client = provider.client(server);

    assertThat(failureOf(client.complete(provider.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void anEmpty200IsAnInvalidResponse(LiveClientCase provider) {
    server.enqueue(FakeResponse.json(200, ""));
    client = provider.client(server);

    assertThat(failureOf(client.complete(provider.request())).type()).isEqualTo(ErrorType.INVALID_RESPONSE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aConnectionDroppedMidBodyIsARetryableConnectionFailure(LiveClientCase provider) {
    server.enqueue(FakeResponse.droppedMidBody(200, provider.successBody(), 40));
    client = provider.client(server);

    ProviderException failure = failureOf(client.complete(provider.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.CONNECTION);
    assertThat(failure.retryable()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aProviderSlowerThanTheResponseTimeoutIsARetryableTimeout(LiveClientCase provider) {
    server.enqueue(FakeResponse.json(200, provider.successBody()).delayedBy(Duration.ofSeconds(3)));
    client = provider.client(provider.settings(server, Duration.ofMillis(300)));

    long start = System.nanoTime();
    ProviderException failure = failureOf(client.complete(provider.request()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure.type()).isEqualTo(ErrorType.TIMEOUT);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.httpStatus()).isZero();
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aRefusedConnectionIsARetryableConnectionFailure(LiveClientCase provider) throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    client = provider.client(provider.settings("http://127.0.0.1:" + freePort + provider.basePath(),
        Duration.ofSeconds(2)));

    ProviderException failure = failureOf(client.complete(provider.request()));

    assertThat(failure.type()).isEqualTo(ErrorType.CONNECTION);
    assertThat(failure.retryable()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void cancellingTheCallClosesTheConnectionToAProviderThatNeverAnswers(LiveClientCase provider) {
    server.enqueue(FakeResponse.hang());
    client = provider.client(server);

    Disposable call = client.complete(provider.request()).subscribe(answer -> {}, error -> {});
    server.takeRequest();
    assertThat(server.closedConnections()).isZero();
    call.dispose();

    assertThat(server.awaitClosedConnections(1, Duration.ofSeconds(3)))
        .as("the fake saw its connection closed after the subscriber went away").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void callsReuseOnePooledConnection(LiveClientCase provider) throws InterruptedException {
    server.enqueue(FakeResponse.json(200, provider.successBody()), FakeResponse.json(200, provider.successBody()));
    client = provider.client(server);

    client.complete(provider.request()).block(Duration.ofSeconds(5));
    // The connection goes back to the pool on the event loop just after the answer is handed over.
    Thread.sleep(200);
    client.complete(provider.request()).block(Duration.ofSeconds(5));

    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(server.openedConnections()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void anErrorMessageNeverRepeatsTheApiKeyOrThePromptAndStaysShort(LiveClientCase provider) {
    String echo = "bad request for key " + LiveClientCase.API_KEY + " and input '" + LiveClientCase.PROMPT + "' "
        + "x".repeat(2000);
    server.enqueue(FakeResponse.of(400, "text/plain", echo));
    client = provider.client(server);

    ProviderException failure = failureOf(client.complete(provider.request()));

    assertThat(failure.getMessage()).contains("[redacted]").hasSizeLessThan(450);
  }
}
