package io.multiai.gateway.ingress.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

/** Bucket4j's probes as {@link RateDecision}s. */
final class Probes {

  private Probes() {}

  static RateDecision of(ConsumptionProbe probe, long limit) {
    long retry = probe.isConsumed() ? 0 : Math.max(1, RateDecision.ceilSeconds(probe.getNanosToWaitForRefill()));
    return new RateDecision(probe.isConsumed(), limit, probe.getRemainingTokens(),
        RateDecision.ceilSeconds(probe.getNanosToWaitForReset()), retry);
  }

  /**
   * A peek: {@code probe} asked whether a whole bucket ({@code limit} tokens) could be taken, so its wait is the
   * time until the bucket is full again, which is the reset (an interval refill fills it all at once, so the next
   * token comes then too). Asking for one token instead would report 0 whenever one is left.
   */
  static RateDecision ofFullBucket(EstimationProbe probe, long limit) {
    long remaining = probe.getRemainingTokens();
    long reset = remaining >= limit ? 0 : RateDecision.ceilSeconds(probe.getNanosToWaitForRefill());
    return new RateDecision(remaining >= 1, limit, remaining, reset, remaining >= 1 ? 0 : Math.max(1, reset));
  }
}
