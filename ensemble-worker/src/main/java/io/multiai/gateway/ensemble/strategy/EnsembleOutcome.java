package io.multiai.gateway.ensemble.strategy;

import java.util.List;
import java.util.Map;

import io.multiai.gateway.ensemble.calling.MemberCall;

/**
 * What a strategy produced: the chosen answer (null when nothing usable arrived), which call gave
 * it, and every call made, judge and synthesizer included.
 */
public record EnsembleOutcome(String answer, MemberCall answeredBy, List<MemberCall> calls, Double agreement,
    Map<String, Double> scores, String scoring) {

  static EnsembleOutcome nothingArrived(List<MemberCall> calls) {
    return new EnsembleOutcome(null, null, calls, null, Map.of(), null);
  }

  public boolean answered() {
    return answer != null;
  }
}
