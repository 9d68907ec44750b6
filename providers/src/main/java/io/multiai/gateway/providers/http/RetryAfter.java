package io.multiai.gateway.providers.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the wait a provider asks for before the next try. */
public final class RetryAfter {

  private RetryAfter() {}

  /** {@code Retry-After} per RFC 9110: delay-seconds or an HTTP-date; a date in the past means "now". */
  public static Optional<Duration> parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    Optional<Duration> seconds = seconds(text);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Seconds, whole or fractional (Gemini's {@code RetryInfo.retryDelay} is e.g. {@code "22.5s"}). */
  public static Optional<Duration> seconds(String text) {
    return decimal(text).map(s -> Duration.ofMillis(s.movePointRight(3).longValue()));
  }

  /** OpenAI's {@code retry-after-ms}. */
  public static Optional<Duration> millis(String text) {
    return decimal(text).map(ms -> Duration.ofMillis(ms.longValue()));
  }

  private static Optional<BigDecimal> decimal(String text) {
    if (text == null || !text.strip().matches("\\d+(\\.\\d+)?")) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text.strip()));
  }
}
