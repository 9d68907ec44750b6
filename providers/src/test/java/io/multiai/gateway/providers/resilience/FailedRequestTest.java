package io.multiai.gateway.providers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;

/** Which reply a request gets when no model answered: the caller's 4xx, or a 503 when trying again may help. */
class FailedRequestTest {

  private static AttemptOutcome failed(ErrorType type) {
    return new AttemptOutcome("m", ProviderId.OPENAI, type.code(), 5, null,
        new ProviderException(ProviderId.OPENAI, "m", type, "openai m: HTTP 400 " + type.code()), true);
  }

  @Test
  void givenOnlyTooLongInputs_thenItIsA413() {
    assertThat(FailedRequest.of(List.of(failed(ErrorType.CONTEXT_LENGTH_EXCEEDED), failed(ErrorType.PAYLOAD_TOO_LARGE))))
        .isEqualTo(FailedRequest.CONTEXT_LENGTH_EXCEEDED);
  }

  @Test
  void givenOnlyRefusals_thenItIsA422WithoutFaultOfTheProviders() {
    FailedRequest verdict = FailedRequest.of(List.of(failed(ErrorType.CONTENT_BLOCKED), failed(ErrorType.CONTENT_BLOCKED)));

    assertThat(verdict).isEqualTo(FailedRequest.CONTENT_REFUSED);
    assertThat(verdict.callersFault()).isTrue();
  }

  @Test
  void givenMixedCallersErrors_thenMalformedComesFirstThenLength() {
    assertThat(FailedRequest.of(List.of(failed(ErrorType.CONTENT_BLOCKED), failed(ErrorType.CONTEXT_LENGTH_EXCEEDED))))
        .isEqualTo(FailedRequest.CONTEXT_LENGTH_EXCEEDED);
    assertThat(FailedRequest.of(List.of(failed(ErrorType.CONTEXT_LENGTH_EXCEEDED), failed(ErrorType.BAD_REQUEST))))
        .isEqualTo(FailedRequest.INVALID_REQUEST);
  }

  @Test
  void givenARetryableFailureAmongRefusals_thenItIsA503() {
    assertThat(FailedRequest.of(List.of(failed(ErrorType.CONTENT_BLOCKED), failed(ErrorType.SERVER_ERROR))))
        .isEqualTo(FailedRequest.UNAVAILABLE);
  }

  @Test
  void givenAnOpenCircuitOrADeadlineThatKeptAModelUntried_thenItIsA503() {
    AttemptOutcome open = new AttemptOutcome("m", ProviderId.OPENAI, AttemptOutcome.CIRCUIT_OPEN, 0, null,
        new ProviderException(ProviderId.OPENAI, "m", ErrorType.UNAVAILABLE, "circuit open"), false);

    assertThat(FailedRequest.of(List.of(failed(ErrorType.CONTENT_BLOCKED), open))).isEqualTo(FailedRequest.UNAVAILABLE);
    assertThat(FailedRequest.of(List.of(failed(ErrorType.CONTENT_BLOCKED)), true)).isEqualTo(FailedRequest.UNAVAILABLE);
  }

  @Test
  void givenOnlyLastingProviderFailures_thenItStaysA503() {
    assertThat(FailedRequest.of(List.of(failed(ErrorType.AUTHENTICATION)))).isEqualTo(FailedRequest.UNAVAILABLE);
  }

  @Test
  void theReasonIsTheProvidersMessageWithoutThePrefixAndBounded() {
    AttemptOutcome attempt = new AttemptOutcome("m", ProviderId.OPENAI, "bad_request", 5, null,
        new ProviderException(ProviderId.OPENAI, "m", ErrorType.BAD_REQUEST, "openai m: " + "x".repeat(500)), true);

    assertThat(FailedRequest.reason(attempt)).hasSize(FailedRequest.MAX_REASON_CHARS + 3).startsWith("xxx").endsWith("...");
  }
}
