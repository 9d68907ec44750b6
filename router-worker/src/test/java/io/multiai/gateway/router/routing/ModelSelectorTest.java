package io.multiai.gateway.router.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;

class ModelSelectorTest {

  private final ModelCatalog catalog = new ModelCatalog(new ProvidersProperties(
      settings("claude-haiku-4-5", "claude-sonnet-4-5"), settings("gpt-5-mini", "gpt-5"),
      settings("gemini-2.5-flash", "gemini-2.5-pro"), new SimulationSettings(1, 0, 0, Map.of())));

  private final Map<Complexity, Map<CostPriority, List<String>>> table = Map.of(
      Complexity.LOW, row(List.of("gemini-2.5-flash", "gpt-5-mini"), List.of("gemini-2.5-flash", "claude-haiku-4-5"),
          List.of("gemini-2.5-pro", "claude-sonnet-4-5")),
      Complexity.MEDIUM, row(List.of("gpt-5-mini"), List.of("claude-haiku-4-5", "gpt-5-mini"), List.of("claude-sonnet-4-5")),
      Complexity.HIGH, row(List.of("gemini-2.5-pro"), List.of("gpt-5", "claude-sonnet-4-5"), List.of("claude-sonnet-4-5", "gpt-5")));

  private final ModelSelector selector = new ModelSelector(ComplexityClassifier.withDefaults(), new RoutingTable(table, catalog), catalog);

  @Test
  void routesLowComplexityQueriesToGeminiFirst() {
    Route route = selector.select(request("What time is it in Tokyo?", CostPriority.BALANCED));

    assertThat(route.complexity()).isEqualTo(Complexity.LOW);
    assertThat(models(route)).containsExactly("gemini-2.5-flash", "claude-haiku-4-5");
  }

  @Test
  void qualityPriorityPicksTheStrongestModelOfTheRow() {
    Route route = selector.select(request("Compare B-trees and LSM trees step by step and evaluate the trade-off. " + "x".repeat(400),
        CostPriority.QUALITY));

    assertThat(route.complexity()).isEqualTo(Complexity.HIGH);
    assertThat(models(route)).first().isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void aPinnedModelIsTheOnlyCandidateUnlessFallbackIsAllowed() {
    QueryRequest pinned = request("hi", CostPriority.CHEAP);
    pinned.setModel("gpt-4o");

    assertThat(selector.select(pinned).candidates()).containsExactly(new Route.Candidate("gpt-4o", ProviderId.OPENAI));

    pinned.setFallback(true);
    assertThat(models(selector.select(pinned))).containsExactly("gpt-4o", "gemini-2.5-flash", "gpt-5-mini");
  }

  @Test
  void aPinnedProviderGoesFirstAndFallsBackToTheTableByDefault() {
    QueryRequest pinned = request("hi", CostPriority.BALANCED);
    pinned.setProvider("openai");

    assertThat(models(selector.select(pinned))).containsExactly("gpt-5-mini", "gpt-5", "gemini-2.5-flash", "claude-haiku-4-5");

    pinned.setFallback(false);
    assertThat(models(selector.select(pinned))).containsExactly("gpt-5-mini", "gpt-5");
  }

  @Test
  void aTableNamingAModelOfNoKnownProviderIsRejectedAtStartUp() {
    Map<Complexity, Map<CostPriority, List<String>>> broken = Map.of(
        Complexity.LOW, row(List.of("llama-3"), List.of("gpt-5"), List.of("gpt-5")),
        Complexity.MEDIUM, row(List.of("gpt-5"), List.of("gpt-5"), List.of("gpt-5")),
        Complexity.HIGH, row(List.of("gpt-5"), List.of("gpt-5"), List.of("gpt-5")));

    assertThatThrownBy(() -> new RoutingTable(broken, catalog)).hasMessageContaining("llama-3");
  }

  private static List<String> models(Route route) {
    return route.candidates().stream().map(Route.Candidate::model).toList();
  }

  private static Map<CostPriority, List<String>> row(List<String> cheap, List<String> balanced, List<String> quality) {
    return Map.of(CostPriority.CHEAP, cheap, CostPriority.BALANCED, balanced, CostPriority.QUALITY, quality);
  }

  private static QueryRequest request(String query, CostPriority priority) {
    return QueryRequest.newBuilder().setRequestId("r").setQuery(query).setCostPriority(priority).setCreatedAtMs(0).build();
  }

  private static ProviderSettings settings(String cheap, String strong) {
    return new ProviderSettings("", "http://localhost", cheap, strong, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }
}
