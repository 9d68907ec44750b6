package io.multiai.gateway.providers;

import io.multiai.gateway.common.catalog.Usage;

/**
 * A streamed call that failed after it had emitted chunks: the caller has already passed part of the answer
 * on, so it must not retry or fall back (the answer would restart or change halfway), only end the stream
 * with an error. Its {@link #type()} says what went wrong (e.g. {@link ErrorType#OVERLOADED} for Anthropic's
 * mid-stream {@code overloaded_error}), for metrics; {@link #retryable()} is always false.
 *
 * <p>{@link #usage()} carries what the provider billed as far as it said (Anthropic's {@code message_start}
 * input tokens and any output counted so far), else nothing.
 */
public final class MidStreamException extends ProviderException {

  public MidStreamException(ProviderException failure, Usage usage) {
    super(failure.provider(), failure.model(), failure.type(), failure.httpStatus(), failure.getMessage(),
        failure.retryAfter().orElse(null), failure.rateLimitHeaders(),
        usage != null ? usage : failure.usage().orElse(null), failure);
  }

  @Override
  public boolean midStream() {
    return true;
  }

  /** Never: the caller has passed part of the answer on already. */
  @Override
  public boolean retryable() {
    return false;
  }
}
