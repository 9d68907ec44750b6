package io.multiai.gateway.providers.http;

import java.time.Duration;

import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;

/** Turns a non-2xx answer into a typed failure. */
public final class HttpFailures {

  private HttpFailures() {}

  /**
   * @param type the provider-specific reading of the failure, or null to classify by status alone
   * @param retryAfter the wait the provider asked for, or null
   */
  public static ProviderException of(Call call, HttpReply reply, ErrorType type, ErrorBody body,
      Duration retryAfter, RateLimitHeaders rateLimitHeaders) {
    ErrorType resolved = type != null ? type : ErrorType.fromStatus(reply.status());
    return call.failure(resolved, reply.status(), "HTTP " + reply.status() + " " + body.messageOr(reply), retryAfter,
        rateLimitHeaders.from(reply), null);
  }
}
