package io.multiai.gateway.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {

  private final LocalRateLimiter limiter = new LocalRateLimiter();

  @Test
  void allowsTheLimitPerMinuteThenRefusesWithTheWaitUntilTheRefill() {
    for (int i = 1; i <= 5; i++) {
      RateDecision decision = limiter.consume("rl:route:5:client:a", 5).block();
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.remaining()).isEqualTo(5 - i);
    }

    RateDecision refused = limiter.consume("rl:route:5:client:a", 5).block();

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
    assertThat(refused.resetSeconds()).isBetween(1L, 60L);
  }

  @Test
  void bucketsAreSeparatePerSubjectAndClass() {
    limiter.consume("rl:route:1:client:a", 1).block();

    assertThat(limiter.consume("rl:route:1:client:b", 1).block().allowed()).isTrue();
    assertThat(limiter.consume("rl:status:1:client:a", 1).block().allowed()).isTrue();
    assertThat(limiter.consume("rl:route:1:client:a", 1).block().allowed()).isFalse();
  }

  @Test
  void peekingTakesNoToken() {
    limiter.consume("rl:route:3:client:a", 3).block();

    assertThat(limiter.peek("rl:route:3:client:a", 3).block().remaining()).isEqualTo(2);
    assertThat(limiter.peek("rl:route:3:client:a", 3).block().remaining()).isEqualTo(2);
    assertThat(limiter.peek("rl:route:3:client:never-seen", 3).block().remaining()).isEqualTo(3);
  }

  @Test
  void aPeekAtABucketInUseSaysWhenItIsFullAgain() {
    limiter.consume("rl:route:3:client:a", 3).block();

    RateDecision peeked = limiter.peek("rl:route:3:client:a", 3).block();

    assertThat(peeked.allowed()).isTrue();
    assertThat(peeked.resetSeconds()).as("the next refill, not 0").isBetween(1L, 60L);
    assertThat(peeked.retryAfterSeconds()).isZero();
    assertThat(limiter.peek("rl:route:3:client:never-seen", 3).block().resetSeconds()).isZero();
  }

  @Test
  void aPeekAtAnEmptiedBucketRefusesUntilTheRefill() {
    for (int i = 0; i < 3; i++) {
      limiter.consume("rl:route:3:client:a", 3).block();
    }

    RateDecision peeked = limiter.peek("rl:route:3:client:a", 3).block();

    assertThat(peeked.allowed()).isFalse();
    assertThat(peeked.remaining()).isZero();
    assertThat(peeked.retryAfterSeconds()).isBetween(1L, 60L);
  }
}
