package io.multiai.gateway.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Clock NOON = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void delaySecondsAreReadAsADuration() {
    assertThat(RetryAfter.parse("30", NOON)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(" 0 ", NOON)).contains(Duration.ZERO);
  }

  @Test
  void anHttpDateIsReadAsTheTimeLeftUntilThen() {
    assertThat(RetryAfter.parse("Tue, 10 Mar 2026 12:01:30 GMT", NOON)).contains(Duration.ofSeconds(90));
  }

  @Test
  void anHttpDateInThePastMeansRetryNow() {
    assertThat(RetryAfter.parse("Tue, 10 Mar 2026 11:59:00 GMT", NOON)).contains(Duration.ZERO);
  }

  @Test
  void somethingElseIsNoWaitAtAll() {
    assertThat(RetryAfter.parse("soon", NOON)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOON)).isEmpty();
    assertThat(RetryAfter.parse("", NOON)).isEmpty();
    assertThat(RetryAfter.parse(null, NOON)).isEmpty();
  }

  @Test
  void fractionalSecondsAndMillisecondsKeepTheirPrecision() {
    assertThat(RetryAfter.seconds("22.5")).contains(Duration.ofMillis(22_500));
    assertThat(RetryAfter.millis("120")).contains(Duration.ofMillis(120));
    assertThat(RetryAfter.millis("120.7")).contains(Duration.ofMillis(120));
  }
}
