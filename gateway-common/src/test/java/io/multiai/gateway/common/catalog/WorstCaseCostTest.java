package io.multiai.gateway.common.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.schemas.ChatTurn;
import io.multiai.gateway.schemas.EnsembleOptions;
import io.multiai.gateway.schemas.EnsembleStrategy;
import io.multiai.gateway.schemas.GenerationOptions;
import io.multiai.gateway.schemas.QueryRequest;

/** The worst case budgets reserve and workers check: numbers worked out by hand. */
class WorstCaseCostTest {

  private final WorstCaseCost worstCase = new WorstCaseCost(new CostCalculator(new PricingProperties(Map.of(
      "claude-sonnet-4-5", new ModelPrice(3.0, 15.0, 0.30, null, null, new ModelPrice.LongContext(200_000, 6.0, 22.5, null)),
      "gpt-5-mini", new ModelPrice(0.25, 2.0, 0.025)))));

  private static QueryRequest query(String text) {
    return QueryRequest.newBuilder().setRequestId("r").setQuery(text).setCreatedAtMs(0).build();
  }

  @Test
  void givenAQuery_whenBounded_thenItsUtf8BytesPlusFramingAreThePromptBound() {
    // "héllo" is 6 UTF-8 bytes; one message (8) and the request (16).
    assertThat(WorstCaseCost.inputTokensAtMost(query("héllo"))).isEqualTo(6 + 8 + 16);
  }

  @Test
  void givenAConversation_whenBounded_thenEveryTurnAndToolDefinitionCountsAndTheQueryIsNotCountedTwice() {
    QueryRequest chat = QueryRequest.newBuilder(query("hi"))
        .setMessages(List.of(ChatTurn.newBuilder().setRole("system").setContent("be brief").build(),
            ChatTurn.newBuilder().setRole("user").setContent("hi").build()))
        .setGeneration(GenerationOptions.newBuilder().setMaxTokens(50)
            .setTools(List.of(io.multiai.gateway.schemas.ToolSpec.newBuilder().setName("f").setParameters("{}").build())).build())
        .build();

    // roles 6 + 4, contents 8 + 2; tool "f" + "{}" + 8; two messages 16; request 16.
    assertThat(WorstCaseCost.inputTokensAtMost(chat)).isEqualTo(6 + 4 + 8 + 2 + (1 + 2 + 8) + 16 + 16);
    assertThat(WorstCaseCost.outputTokensAtMost(chat, 1024)).isEqualTo(50);
  }

  @Test
  void givenAModel_whenPriced_thenInputAtTheInputPriceAndOutputAtTheOutputPrice() {
    // 100 × 3 + 1000 × 15 per million.
    assertThat(worstCase.usd("claude-sonnet-4-5", 100, 1000)).hasValueSatisfying(usd -> assertThat(usd).isCloseTo(0.0153, within(1e-12)));
  }

  @Test
  void givenAPromptOverTheLongContextThreshold_whenPriced_thenTheLongContextTierApplies() {
    // 300,000 × 6 + 1,000 × 22.5 per million.
    assertThat(worstCase.usd("claude-sonnet-4-5", 300_000, 1_000)).hasValueSatisfying(usd -> assertThat(usd).isCloseTo(1.8225, within(1e-9)));
  }

  @Test
  void givenAModelWithoutAPrice_whenPriced_thenItCanNotBeBounded() {
    assertThat(worstCase.usd("claude-opus-4-5", 10, 10)).isEmpty();
  }

  @Test
  void givenAnEnsembleWithAJudge_whenPriced_thenEachMemberOnceAndTheJudgeReadingEveryAnswer() {
    QueryRequest request = QueryRequest.newBuilder(query("q")).setEnsemble(new EnsembleOptions(EnsembleStrategy.BEST, List.of(), null)).build();
    long input = 1 + 8 + 16;

    double members = (input * 0.25 + 100 * 2.0 + input * 3.0 + 100 * 15.0) / 1e6;
    long judgeInput = input + 2 * (4 * 100 + 8) + 1024;
    double judge = (judgeInput * 3.0 + 100 * 15.0) / 1e6;
    assertThat(worstCase.ensembleUsd(List.of("gpt-5-mini", "claude-sonnet-4-5"), "claude-sonnet-4-5", request, 100))
        .hasValueSatisfying(usd -> assertThat(usd).isCloseTo(members + judge, within(1e-12)));
    assertThat(worstCase.ensembleUsd(List.of("gpt-5-mini", "claude-opus-4-5"), null, request, 100)).isEmpty();
  }
}
