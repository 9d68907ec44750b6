package io.multiai.gateway.ingress.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.multiai.gateway.ingress.problem.InvalidRequestException;

/**
 * The span an analytics answer covers, [from, to), and the window size it is summed from: one-minute
 * windows up to six hours, hours up to a week, days beyond. {@code all} is everything since the first
 * event, read from the running totals (exact, however old).
 *
 * @param granularityMs 60000, 3600000 or 86400000
 */
public record TimeRange(String label, Instant from, Instant to, long granularityMs, boolean all) {

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,4})([mhd])");
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 86_400_000;

  /**
   * @param range {@code all} (default) or a span back from now: {@code 15m}, {@code 1h}, {@code 24h}, {@code 7d}
   * @param from, to ISO-8601 instants; {@code from} instead of {@code range}, {@code to} defaults to now
   */
  public static TimeRange parse(String range, String from, String to, Clock clock) {
    Instant now = clock.instant();
    if (from != null) {
      Instant start = instant("from", from);
      Instant end = to == null ? now : instant("to", to);
      if (!start.isBefore(end)) {
        throw new InvalidRequestException("from", "from must be before to");
      }
      return of(start + "/" + end, start, end);
    }
    if (range == null || range.isBlank() || range.equalsIgnoreCase("all")) {
      return new TimeRange("all", Instant.EPOCH, now, DAY, true);
    }
    Matcher m = RELATIVE.matcher(range.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new InvalidRequestException("range", "range is all or a span such as 15m, 1h, 24h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    Duration span = switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    return of(m.group(), now.minus(span), now);
  }

  private static TimeRange of(String label, Instant from, Instant to) {
    long span = to.toEpochMilli() - from.toEpochMilli();
    long granularity = span <= 6 * HOUR ? MINUTE : span <= 7 * DAY ? HOUR : DAY;
    return new TimeRange(label, from, to, granularity, false);
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(field, field + " is an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  /** Whether a window of this range's granularity starting then overlaps the range. */
  public boolean covers(long windowStartMs) {
    return windowStartMs + granularityMs > from.toEpochMilli() && windowStartMs < to.toEpochMilli();
  }
}
