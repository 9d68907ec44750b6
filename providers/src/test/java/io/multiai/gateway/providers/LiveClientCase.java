package io.multiai.gateway.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.providers.fake.FakeHttpServer;
import io.multiai.gateway.providers.fake.Fixtures;
import io.multiai.gateway.providers.live.HttpLiveClientFactory;
import reactor.core.publisher.Mono;

/** One provider's live client pointed at a fake server: what the shared client tests vary over. */
public record LiveClientCase(ProviderId provider, String basePath, String expectedPath, String model,
    String successFixture) {

  public static final String API_KEY = "sk-test-key-0123456789abcdef";
  public static final String PROMPT = "What is the capital of the Netherlands?";
  /** A Thursday, so RFC 1123 dates built from it carry the right day name. */
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  public static final LiveClientCase CLAUDE = new LiveClientCase(ProviderId.CLAUDE, "", "/v1/messages",
      "claude-haiku-4-5", "providers/anthropic/message.json");
  /** Base URL with {@code /v1}, as configured for OpenAI and its compatible servers. */
  public static final LiveClientCase OPENAI = new LiveClientCase(ProviderId.OPENAI, "/v1", "/v1/chat/completions",
      "gpt-5-mini", "providers/openai/chat-completion.json");
  public static final LiveClientCase GEMINI = new LiveClientCase(ProviderId.GEMINI, "",
      "/v1beta/models/gemini-2.5-flash:generateContent", "gemini-2.5-flash", "providers/gemini/generate-content.json");

  public ProviderSettings settings(FakeHttpServer server, Duration responseTimeout) {
    return settings(server.baseUrl() + basePath, responseTimeout);
  }

  public ProviderSettings settings(String baseUrl, Duration responseTimeout) {
    return new ProviderSettings(API_KEY, baseUrl, model, model, 256, Duration.ofSeconds(2), responseTimeout);
  }

  public ProviderClient client(FakeHttpServer server) {
    return client(settings(server, Duration.ofSeconds(5)));
  }

  public ProviderClient client(ProviderSettings settings) {
    return new HttpLiveClientFactory(CLOCK).create(provider, settings).orElseThrow();
  }

  public ProviderRequest request() {
    return ProviderRequest.ofPrompt("req-1", model, PROMPT, 128);
  }

  public String successBody() {
    return Fixtures.read(successFixture);
  }

  /** The failure a call ends with; fails the test if it succeeds or fails otherwise. */
  public static ProviderException failureOf(Mono<ProviderResponse> call) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> call.block(Duration.ofSeconds(10)))
        .isInstanceOf(ProviderException.class)
        .satisfies(e -> caught[0] = e);
    ProviderException failure = (ProviderException) caught[0];
    assertThat(failure.getMessage()).doesNotContain(API_KEY).doesNotContain(PROMPT);
    return failure;
  }

  public static void close(ProviderClient client) {
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public String toString() {
    return provider.wireName();
  }
}
