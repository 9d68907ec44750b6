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

  static RateDecision of(EstimationProbe probe, long limit) {
    long wait = RateDecision.ceilSeconds(probe.getNanosToWaitForRefill());
    return new RateDecision(probe.canBeConsumed(), limit, probe.getRemainingTokens(), probe.getRemainingTokens() >= limit ? 0 : wait,
        probe.canBeConsumed() ? 0 : Math.max(1, wait));
  }
}
