package io.multiai.gateway.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.FakeResponse;

class JsonHttpClientTest {

  private final FakeHttpServer server = FakeHttpServer.start();
  private final JsonHttpClient http =
      new JsonHttpClient("test", server.baseUrl() + "/", Duration.ofSeconds(1), Duration.ofSeconds(2));
  private final Call call = new Call(ProviderId.CLAUDE, "m", "key", "prompt");

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  @Test
  void anyStatusComesBackAsAReplyWithLowerCaseHeaderNames() {
    server.enqueue(FakeResponse.json(503, "{}").withHeader("Retry-After", "3"));

    HttpReply reply = http.post(call, "/x", Map.of(), h -> {}, new byte[] {'{', '}'}).block(Duration.ofSeconds(5));

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).contains("3");
    assertThat(reply.headers()).containsKey("retry-after");
    assertThat(server.takeRequest().uri()).isEqualTo("/x");
  }

  @Test
  void aReaderThatBreaksUnexpectedlyStillEndsInATypedFailureThatQuotesNothing() {
    server.enqueue(FakeResponse.json(200, "{}"));

    assertThatThrownBy(() -> http.post(call, "/x", Map.of(), h -> {}, new byte[0], reply -> {
      throw new IllegalStateException("answer text the user must not see in logs");
    }).block(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(ProviderException.class, failure -> {
          assertThat(failure.type()).isEqualTo(ErrorType.INVALID_RESPONSE);
          assertThat(failure.getMessage()).doesNotContain("answer text").contains("IllegalStateException");
        });
  }
}
