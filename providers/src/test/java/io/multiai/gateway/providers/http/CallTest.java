package io.multiai.gateway.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;

class CallTest {

  private final Call call = new Call(ProviderId.OPENAI, "gpt-5-mini", "sk-secret-123", "my private question");

  @Test
  void aFailureMessageNamesProviderAndModelButNeitherKeyNorPrompt() {
    ProviderException failure = call.failure(ErrorType.BAD_REQUEST,
        "key sk-secret-123 rejected for 'my private question'");

    assertThat(failure.getMessage())
        .isEqualTo("openai gpt-5-mini: key [redacted] rejected for '[redacted]'");
    assertThat(failure.provider()).isEqualTo(ProviderId.OPENAI);
    assertThat(failure.model()).isEqualTo("gpt-5-mini");
  }

  @Test
  void aLongProviderMessageIsCutToAFewHundredCharactersOnOneLine() {
    String scrubbed = call.scrub("line one\nline two " + "y".repeat(1000));

    assertThat(scrubbed).startsWith("line one line two y").endsWith("...");
    assertThat(scrubbed).hasSize(Call.MAX_MESSAGE_CHARS + 3);
  }

  @Test
  void theCallPrintsWithoutKeyOrPrompt() {
    assertThat(call.toString()).doesNotContain("sk-secret-123").doesNotContain("my private question");
  }
}
