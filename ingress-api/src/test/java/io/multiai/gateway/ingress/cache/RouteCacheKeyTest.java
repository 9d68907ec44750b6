package io.multiai.gateway.ingress.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * Which route calls share a response-cache entry: only the same caller asking exactly the same thing
 * (issue 12, faults 1 and 2).
 */
class RouteCacheKeyTest {

  private static final String ALICE = "client:alice";
  private static final String BOB = "client:bob";
  private static final String PYTHON = "Why does this fail?\n```python\ndef f(x):\n    if x:\n        return 1\n    return 2\n```";
  private static final String PYTHON_UNINDENTED =
      "Why does this fail?\n```python\ndef f(x):\nif x:\nreturn 1\nreturn 2\n```";

  private final RouteCache perClient = cache(CacheProperties.Scope.CLIENT);
  private final RouteCache shared = cache(CacheProperties.Scope.SHARED);

  private static RouteCache cache(CacheProperties.Scope scope) {
    return new RouteCache(null, true, scope, null, null, Clock.systemUTC(), new SimpleMeterRegistry());
  }

  private static QueryRequest ask(String query) {
    return ask(query, b -> b);
  }

  private static QueryRequest ask(String query, UnaryOperator<QueryRequest.Builder> change) {
    return change.apply(QueryRequest.newBuilder()
        .setRequestId("r-" + System.nanoTime())
        .setQuery(query)
        .setCostPriority(CostPriority.BALANCED)
        .setCreatedAtMs(0)).build();
  }

  private String key(String subject, QueryRequest request) {
    return perClient.key(subject, request, CachePolicy.DEFAULT);
  }

  @Test
  void givenTwoClientsWhenTheyAskTheSameQuestionThenTheirAnswersAreCachedApart() {
    assertThat(key(ALICE, ask("Q"))).isNotEqualTo(key(BOB, ask("Q")));
    assertThat(key("ip:10.0.0.1", ask("Q"))).isNotEqualTo(key("ip:10.0.0.2", ask("Q")));
  }

  @Test
  void givenOneClientWhenItAsksTheSameQuestionAgainThenItHitsItsOwnEntry() {
    assertThat(key(ALICE, ask("What is Kafka?"))).isEqualTo(key(ALICE, ask("What is Kafka?")));
  }

  @Test
  void givenASharedScopeWhenTwoClientsAskTheSameThenTheyShareOneEntry() {
    assertThat(shared.key(ALICE, ask("Q"), CachePolicy.DEFAULT)).isEqualTo(shared.key(BOB, ask("Q"), CachePolicy.DEFAULT));
  }

  @Test
  void givenAUserIdWhenUsersOfOneClientAskTheSameThenTheirEntriesDiffer() {
    String anonymous = key(ALICE, ask("Q"));
    String user7 = key(ALICE, ask("Q", b -> b.setUserIdHash("hmac-of-user-7")));
    String user8 = key(ALICE, ask("Q", b -> b.setUserIdHash("hmac-of-user-8")));

    assertThat(user7).isNotEqualTo(anonymous).isNotEqualTo(user8);
    assertThat(shared.key(ALICE, ask("Q", b -> b.setUserIdHash("hmac-of-user-7")), CachePolicy.DEFAULT))
        .isNotEqualTo(shared.key(ALICE, ask("Q"), CachePolicy.DEFAULT));
  }

  @Test
  void givenCodeWhoseIndentationWasRemovedThenItIsADifferentRequest() {
    assertThat(key(ALICE, ask(PYTHON))).isNotEqualTo(key(ALICE, ask(PYTHON_UNINDENTED)));
  }

  /** Pairs of texts a normalising key would merge; each pair may get different answers. */
  static Stream<Arguments> textsThatDiffer() {
    return Stream.of(
        Arguments.of("What is Kafka?", "what is kafka?"),          // case
        Arguments.of("What is Kafka?", "What is Kafka"),           // punctuation
        Arguments.of("What is Kafka?", "What is Kafka!"),
        Arguments.of("What is Kafka?", "What is  Kafka?"),         // inner spacing
        Arguments.of("What is Kafka?", " What is Kafka?"),         // leading space
        Arguments.of("What is Kafka?", "What is Kafka? "),         // trailing space
        Arguments.of("a\tb", "a b"),                               // tab vs space
        Arguments.of("line one\nline two", "line one line two"),   // newline vs space
        Arguments.of("a\r\nb", "a\nb"),                            // line endings
        Arguments.of("Caf\u00e9", "Cafe\u0301"),                   // NFC vs NFD: no normalisation at all
        Arguments.of("20 \u212a", "20 K"),                         // KELVIN SIGN, which NFC would fold into K
        Arguments.of("x\u200by", "xy"));                           // zero-width space
  }

  @ParameterizedTest
  @MethodSource("textsThatDiffer")
  void givenTextsThatDifferInAnyCharacterThenTheyAreDifferentRequests(String one, String other) {
    assertThat(key(ALICE, ask(one))).isNotEqualTo(key(ALICE, ask(other)));
  }

  @Test
  void givenTheSameTextWhenCostPriorityPinsOrFallbackDifferThenTheRequestsDiffer() {
    String plain = key(ALICE, ask("Q"));

    assertThat(key(ALICE, ask("Q", b -> b.setCostPriority(CostPriority.QUALITY)))).isNotEqualTo(plain);
    assertThat(key(ALICE, ask("Q", b -> b.setProvider("claude")))).isNotEqualTo(plain);
    assertThat(key(ALICE, ask("Q", b -> b.setModel("gpt-5")))).isNotEqualTo(plain);
    assertThat(key(ALICE, ask("Q", b -> b.setModel("gpt-5").setFallback(true))))
        .isNotEqualTo(key(ALICE, ask("Q", b -> b.setModel("gpt-5"))))
        .isNotEqualTo(key(ALICE, ask("Q", b -> b.setModel("gpt-5").setFallback(false))));
  }

  @Test
  void givenFieldsWhoseConcatenationsCoincideThenTheKeysStillDiffer() {
    assertThat(key(ALICE, ask("Q", b -> b.setProvider("claude").setModel(null))))
        .isNotEqualTo(key(ALICE, ask("Q", b -> b.setProvider(null).setModel("claude"))));
    assertThat(key("client:a", ask("bQ"))).isNotEqualTo(key("client:ab", ask("Q")));
    assertThat(key(ALICE, ask("Q", b -> b.setProvider("")))).isNotEqualTo(key(ALICE, ask("Q")));
  }

  @Test
  void theKeyCarriesNoQueryText() {
    assertThat(key(ALICE, ask("my secret question"))).matches("rc:[0-9a-f]{64}");
  }

  @Test
  void givenNoCacheWantedWhenTheCacheIsDisabledOrThePolicyIsOffThenThereIsNoKey() {
    RouteCache disabled = new RouteCache(null, false, CacheProperties.Scope.CLIENT, null, null, Clock.systemUTC(),
        new SimpleMeterRegistry());

    assertThat(disabled.key(ALICE, ask("Q"), CachePolicy.DEFAULT)).isNull();
    assertThat(perClient.key(ALICE, ask("Q"), CachePolicy.OFF)).isNull();
  }
}
