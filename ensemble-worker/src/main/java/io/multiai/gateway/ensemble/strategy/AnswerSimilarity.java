package io.multiai.gateway.ensemble.strategy;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Compares answers after normalising away what does not change their meaning (case, punctuation,
 * spacing, Unicode forms): identical normalised answers agree fully; otherwise agreement is the
 * Jaccard similarity of their word sets.
 */
public final class AnswerSimilarity {

  private AnswerSimilarity() {}

  public static String normalize(String answer) {
    String text = Normalizer.normalize(answer, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return text.replaceAll("[\\p{P}\\p{S}]+", " ").replaceAll("\\s+", " ").strip();
  }

  public static double similarity(String a, String b) {
    String left = normalize(a);
    String right = normalize(b);
    if (left.equals(right)) {
      return 1.0;
    }
    Set<String> leftWords = words(left);
    Set<String> rightWords = words(right);
    if (leftWords.isEmpty() || rightWords.isEmpty()) {
      return 0.0;
    }
    Set<String> common = new HashSet<>(leftWords);
    common.retainAll(rightWords);
    Set<String> all = new HashSet<>(leftWords);
    all.addAll(rightWords);
    return (double) common.size() / all.size();
  }

  private static Set<String> words(String normalized) {
    return normalized.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(normalized.split(" ")));
  }
}
