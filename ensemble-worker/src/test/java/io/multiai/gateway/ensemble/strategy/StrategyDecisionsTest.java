package io.multiai.gateway.ensemble.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.ensemble.calling.MemberCall;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.resilience.AttemptOutcome;

class StrategyDecisionsTest {

  @Test
  void consensusPicksTheAnswerTheMajorityGivesWhateverItsCaseAndPunctuation() {
    List<MemberCall> calls = List.of(answer("claude-sonnet-4-5", "Paris."), answer("gpt-5", "paris"),
        answer("gemini-2.5-pro", "Lyon, I think"));

    EnsembleOutcome outcome = ConsensusStrategy.decide(calls);

    assertThat(AnswerSimilarity.normalize(outcome.answer())).isEqualTo("paris");
    assertThat(outcome.agreement()).isEqualTo(0.5);
  }

  @Test
  void consensusOfIdenticalAnswersHasFullAgreement() {
    EnsembleOutcome outcome = ConsensusStrategy.decide(List.of(answer("a-claude", "42"), answer("b-gpt", "42")));

    assertThat(outcome.agreement()).isEqualTo(1.0);
  }

  @Test
  void consensusIgnoresFailedMembersAndReportsNothingWhenAllFailed() {
    MemberCall failed = failure("gpt-5");

    assertThat(ConsensusStrategy.decide(List.of(failed, answer("gemini-2.5-pro", "yes"))).answer()).isEqualTo("yes");
    assertThat(ConsensusStrategy.decide(List.of(failed)).answered()).isFalse();
  }

  @Test
  void theJudgesScoresPickTheBestAnswer() {
    List<MemberCall> answers = List.of(answer("claude-sonnet-4-5", "Paris"), answer("gpt-5", "Paris, France's capital"));
    MemberCall judge = answer("claude-sonnet-4-5", "1: 6\n2: 9.5");

    EnsembleOutcome outcome = BestStrategy.verdict(answers, answers, judge);

    assertThat(outcome.answer()).isEqualTo("Paris, France's capital");
    assertThat(outcome.scores()).containsEntry("gpt-5", 9.5).containsEntry("claude-sonnet-4-5", 6.0);
    assertThat(outcome.scoring()).isEqualTo("judge:claude-sonnet-4-5");
    assertThat(outcome.calls()).hasSize(3);
  }

  @Test
  void anUnreadableVerdictFallsBackToScoringByAgreementAndSaysSo() {
    List<MemberCall> answers = List.of(answer("claude-sonnet-4-5", "Paris"), answer("gpt-5", "Paris"), answer("gemini-2.5-pro", "Rome"));

    EnsembleOutcome outcome = BestStrategy.verdict(answers, answers, answer("claude-sonnet-4-5", "They are all fine."));

    assertThat(outcome.scoring()).isEqualTo("heuristic");
    assertThat(outcome.answer()).isEqualTo("Paris");
  }

  @Test
  void scoresOutOfRangeOrForUnknownAnswersAreIgnored() {
    assertThat(BestStrategy.parse("Answer 1: 7\n2: 11\n3: 4\n9: 8", 3)).containsOnlyKeys(1, 3);
  }

  private static MemberCall answer(String model, String text) {
    ProviderResponse response = new ProviderResponse(model, text, Usage.of(10, 5), "stop", false);
    return new MemberCall(model, ProviderId.CLAUDE, MemberCall.Role.MEMBER,
        List.of(new AttemptOutcome(model, ProviderId.CLAUDE, AttemptOutcome.SUCCESS, 10, response, null, true)), false, 0.001, 10);
  }

  private static MemberCall failure(String model) {
    ProviderException boom = new ProviderException(ProviderId.OPENAI, model, ErrorType.SERVER_ERROR, "boom");
    return new MemberCall(model, ProviderId.OPENAI, MemberCall.Role.MEMBER,
        List.of(new AttemptOutcome(model, ProviderId.OPENAI, "server_error", 10, null, boom, true)), false, 0.0, 10);
  }
}
