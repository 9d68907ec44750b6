package io.multiai.gateway.ensemble.strategy;

import java.util.List;
import java.util.Map;

import io.multiai.gateway.ensemble.calling.MemberCall;
import reactor.core.publisher.Mono;

/**
 * Every model answers; the answer that agrees most with the others wins (the medoid under
 * {@link AnswerSimilarity}), so a majority of equal answers always wins. The agreement score is the
 * winner's mean similarity to the other answers (1.0 when all agree).
 */
public final class ConsensusStrategy implements EnsembleStrategyRunner {

  @Override
  public Mono<EnsembleOutcome> run(EnsembleContext context) {
    return context.askAll().map(ConsensusStrategy::decide);
  }

  static EnsembleOutcome decide(List<MemberCall> calls) {
    List<MemberCall> answers = calls.stream().filter(MemberCall::succeeded).toList();
    if (answers.isEmpty()) {
      return EnsembleOutcome.nothingArrived(calls);
    }
    MemberCall best = answers.get(0);
    double bestAgreement = -1;
    for (MemberCall candidate : answers) {
      double agreement = meanSimilarity(candidate, answers);
      if (agreement > bestAgreement) {
        best = candidate;
        bestAgreement = agreement;
      }
    }
    return new EnsembleOutcome(best.answer(), best, calls, round(bestAgreement), Map.of(), null);
  }

  static double meanSimilarity(MemberCall candidate, List<MemberCall> answers) {
    if (answers.size() == 1) {
      return 1.0;
    }
    return answers.stream().filter(other -> other != candidate)
        .mapToDouble(other -> AnswerSimilarity.similarity(candidate.answer(), other.answer()))
        .average().orElse(1.0);
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
