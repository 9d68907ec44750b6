package io.multiai.gateway.ensemble.strategy;

import java.util.ArrayList;
import java.util.List;

import io.multiai.gateway.ensemble.calling.MemberCall;
import reactor.core.publisher.Mono;

/**
 * Every model answers, then a synthesizer model merges the answers into one. With a single answer
 * there is nothing to merge; when the synthesizer fails, the consensus answer stands and the reply
 * says so.
 */
public final class SynthesizeStrategy implements EnsembleStrategyRunner {

  private final String synthesizerModel;

  public SynthesizeStrategy(String synthesizerModel) {
    this.synthesizerModel = synthesizerModel;
  }

  @Override
  public Mono<EnsembleOutcome> run(EnsembleContext context) {
    return context.askAll().flatMap(calls -> {
      List<MemberCall> answers = calls.stream().filter(MemberCall::succeeded).toList();
      if (answers.size() <= 1) {
        return Mono.just(ConsensusStrategy.decide(calls));
      }
      return context.ask(synthesizerModel, prompt(context.query(), answers), MemberCall.Role.SYNTHESIZER).map(synthesis -> {
        List<MemberCall> all = new ArrayList<>(calls);
        all.add(synthesis);
        EnsembleOutcome consensus = ConsensusStrategy.decide(calls);
        if (!synthesis.succeeded()) {
          return new EnsembleOutcome(consensus.answer(), consensus.answeredBy(), all, consensus.agreement(), java.util.Map.of(),
              "synthesizer failed (" + synthesis.outcome() + "): consensus answer");
        }
        return new EnsembleOutcome(synthesis.answer(), synthesis, all, consensus.agreement(), java.util.Map.of(),
            "synthesized by " + synthesis.model());
      });
    });
  }

  static String prompt(String query, List<MemberCall> answers) {
    StringBuilder prompt = new StringBuilder("""
        Several assistants answered the question below. Combine their answers into one best answer:
        keep what they agree on, resolve disagreements, and do not mention that there were several answers.

        Question:
        """).append(query).append('\n');
    for (int i = 0; i < answers.size(); i++) {
      prompt.append("\nAnswer ").append(i + 1).append(":\n").append(answers.get(i).answer()).append('\n');
    }
    return prompt.toString();
  }
}
