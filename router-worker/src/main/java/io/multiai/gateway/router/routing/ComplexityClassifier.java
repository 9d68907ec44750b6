package io.multiai.gateway.router.routing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.multiai.gateway.schemas.Complexity;

/**
 * Scores a query by cheap textual signals and maps the score to a complexity:
 * <ul>
 *   <li>length: +1 from {@code mediumLength} characters, +2 from {@code highLength};</li>
 *   <li>code (a fence, or lines that look like code): +1;</li>
 *   <li>multi-step reasoning markers ("step by step", "compare", "prove", "trade-off", a numbered
 *       list, ...): +1 for one, +2 for three or more;</li>
 *   <li>several questions in one query: +1.</li>
 * </ul>
 * Score 0 is LOW, 1–2 MEDIUM, 3 or more HIGH. It reads no model and costs microseconds: routing
 * must not spend what it is trying to save.
 */
public final class ComplexityClassifier {

  private static final List<String> REASONING_MARKERS = List.of(
      "step by step", "step-by-step", "explain why", "compare", "contrast", "analyze", "analyse", "prove",
      "derive", "design", "architecture", "trade-off", "tradeoff", "optimize", "optimise", "evaluate",
      "pros and cons", "justify", "refactor", "debug", "plan ", "strategy", "implications", "reason about");
  private static final Pattern CODE_LINE = Pattern.compile(
      "(?m)^\\s*(def |class |public |private |import |function |fn |func |#include|SELECT |for\\s*\\(|if\\s*\\(|return |const |let |var ).*");
  private static final Pattern NUMBERED_STEP = Pattern.compile("(?m)^\\s*\\d+[.)]\\s+\\S");

  private final int mediumLength;
  private final int highLength;

  public ComplexityClassifier(int mediumLength, int highLength) {
    this.mediumLength = mediumLength;
    this.highLength = highLength;
  }

  public static ComplexityClassifier withDefaults() {
    return new ComplexityClassifier(400, 2000);
  }

  public Complexity classify(String query) {
    int score = score(query);
    if (score == 0) {
      return Complexity.LOW;
    }
    return score >= 3 ? Complexity.HIGH : Complexity.MEDIUM;
  }

  int score(String query) {
    String lower = query.toLowerCase(Locale.ROOT);
    int score = 0;
    if (query.length() >= highLength) {
      score += 2;
    } else if (query.length() >= mediumLength) {
      score += 1;
    }
    if (query.contains("```") || CODE_LINE.matcher(query).find()) {
      score += 1;
    }
    long markers = REASONING_MARKERS.stream().filter(lower::contains).count();
    if (NUMBERED_STEP.matcher(query).results().count() >= 2) {
      markers++;
    }
    score += markers >= 3 ? 2 : markers > 0 ? 1 : 0;
    if (query.chars().filter(c -> c == '?').count() >= 2) {
      score += 1;
    }
    return score;
  }
}
