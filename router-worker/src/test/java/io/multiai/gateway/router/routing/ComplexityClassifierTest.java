package io.multiai.gateway.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.schemas.Complexity;

class ComplexityClassifierTest {

  private final ComplexityClassifier classifier = ComplexityClassifier.withDefaults();

  @Test
  void aShortFactualQuestionIsLow() {
    assertThat(classifier.classify("What is the capital of France?")).isEqualTo(Complexity.LOW);
  }

  @Test
  void aGreetingInAnyLanguageIsLow() {
    assertThat(classifier.classify("¿Hola, qué tal? 你好")).isEqualTo(Complexity.LOW);
  }

  @Test
  void aQueryContainingCodeIsAtLeastMedium() {
    assertThat(classifier.classify("Why does this fail?\n```\nint x = null;\n```")).isEqualTo(Complexity.MEDIUM);
  }

  @Test
  void aLongQueryIsMediumOnLengthAlone() {
    assertThat(classifier.classify("word ".repeat(100))).isEqualTo(Complexity.MEDIUM);
  }

  @Test
  void multiStepReasoningOverLongTextIsHigh() {
    String query = "Compare these two designs step by step and evaluate the trade-off for latency. " + "context ".repeat(60);

    assertThat(classifier.classify(query)).isEqualTo(Complexity.HIGH);
  }

  @Test
  void aVeryLongQueryWithCodeIsHigh() {
    String query = "def handler(event):\n    return event\n" + "x".repeat(2100);

    assertThat(classifier.classify(query)).isEqualTo(Complexity.HIGH);
  }

  @Test
  void thresholdsAreConfigurable() {
    ComplexityClassifier strict = new ComplexityClassifier(10, 20);

    assertThat(strict.classify("a question of twenty five")).isEqualTo(Complexity.MEDIUM);
  }
}
