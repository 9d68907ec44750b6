package io.multiai.gateway.ensemble.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.multiai.gateway.ensemble.calling.MemberCall;
import reactor.core.publisher.Mono;

/**
 * Every model answers, then a judge model scores each answer against the query (0–10); the highest
 * wins. When the judge fails or its verdict cannot be read, the answers are scored by agreement
 * instead, and the reply says so ({@code scoring: heuristic}).
 */
public final class BestStrategy implements EnsembleStrategyRunner {

  private static final Pattern SCORE_LINE = Pattern.compile("(?im)^\\s*(?:answer\\s*)?(\\d+)\\s*[:=\\-]\\s*(\\d+(?:\\.\\d+)?)");

  private final String judgeModel;

  public BestStrategy(String judgeModel) {
    this.judgeModel = judgeModel;
  }

  @Override
  public Mono<EnsembleOutcome> run(EnsembleContext context) {
    return context.askAll().flatMap(calls -> {
      List<MemberCall> answers = calls.stream().filter(MemberCall::succeeded).toList();
      if (answers.isEmpty()) {
        return Mono.just(EnsembleOutcome.nothingArrived(calls));
      }
      if (answers.size() == 1) {
        return Mono.just(new EnsembleOutcome(answers.get(0).answer(), answers.get(0), calls, null,
            Map.of(answers.get(0).model(), 10.0), "only-answer"));
      }
      return context.ask(judgeModel, judgePrompt(context.query(), answers), MemberCall.Role.JUDGE)
          .map(judge -> verdict(calls, answers, judge));
    });
  }

  static String judgePrompt(String query, List<MemberCall> answers) {
    StringBuilder prompt = new StringBuilder("""
        You are judging answers to a question. Score each answer from 0 to 10 for correctness and helpfulness.
        Reply with one line per answer in the form "<answer number>: <score>" and nothing else.

        Question:
        """).append(query).append('\n');
    for (int i = 0; i < answers.size(); i++) {
      prompt.append("\nAnswer ").append(i + 1).append(":\n").append(answers.get(i).answer()).append('\n');
    }
    return prompt.toString();
  }

  static EnsembleOutcome verdict(List<MemberCall> calls, List<MemberCall> answers, MemberCall judge) {
    List<MemberCall> all = new ArrayList<>(calls);
    all.add(judge);
    Map<Integer, Double> parsed = judge.succeeded() ? parse(judge.answer(), answers.size()) : Map.of();
    Map<String, Double> scores = new LinkedHashMap<>();
    String scoring;
    if (parsed.size() == answers.size()) {
      scoring = "judge:" + judge.model();
      for (int i = 0; i < answers.size(); i++) {
        scores.put(answers.get(i).model(), parsed.get(i + 1));
      }
    } else {
      scoring = "heuristic";
      for (MemberCall answer : answers) {
        scores.put(answer.model(), ConsensusStrategy.round(10 * ConsensusStrategy.meanSimilarity(answer, answers)));
      }
    }
    MemberCall best = answers.stream().max(java.util.Comparator.comparingDouble(a -> scores.get(a.model()))).orElseThrow();
    return new EnsembleOutcome(best.answer(), best, all, null, scores, scoring);
  }

  /** Answer number → score, for the numbers 1..count the judge scored in range. */
  static Map<Integer, Double> parse(String verdict, int count) {
    Map<Integer, Double> scores = new LinkedHashMap<>();
    Matcher matcher = SCORE_LINE.matcher(verdict);
    while (matcher.find()) {
      int number = Integer.parseInt(matcher.group(1));
      double score = Double.parseDouble(matcher.group(2));
      if (number >= 1 && number <= count && score >= 0 && score <= 10) {
        scores.putIfAbsent(number, score);
      }
    }
    return scores;
  }
}
