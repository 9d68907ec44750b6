package io.multiai.gateway.ingress.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.common.catalog.WorstCaseCost;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.ingress.audit.AuditAction;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.budgets.internal.LedgerForTests;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of budgets, on WebFlux without the pipeline: the 402 in problem details and in OpenAI's shape, and
 * the admin endpoint's answers and audit entries. (That only admin keys reach {@code /api/ai/admin/budgets} is the
 * edge's path rule, tested in EdgeRulesSliceTest.)
 */
class BudgetWebTest {

  /** 2026-11-30 22:00 UTC: the daily budget resets in 7200 s. */
  private static final Instant NOW = Instant.parse("2026-11-30T22:00:00Z");

  private static BudgetExceededException refusal() {
    BudgetDefinition budget = new BudgetDefinition(BudgetId.client("acme"), BudgetPeriod.DAILY, 0.05, BudgetAction.DENY, "key");
    return BudgetExceededException.of(budget, NOW, new BudgetLedger.Usage(49_000_000, 500_000), 1_605_000);
  }

  @RestController
  static class Refusing {
    @PostMapping("/api/ai/route")
    Mono<Map<String, Object>> route() {
      return Mono.error(refusal());
    }

    @PostMapping("/v1/chat/completions")
    Mono<Map<String, Object>> chat() {
      return Mono.error(refusal());
    }
  }

  private final WebTestClient refusing = WebTestClient.bindToController(new Refusing()).controllerAdvice(new BudgetProblemHandler()).build();

  @Test
  void givenARefusedRequest_whenAnsweredOnTheApi_thenItIs402ProblemDetailsNamingTheBudgetItsResetAndRetryAfter() {
    refusing.post().uri("/api/ai/route").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(402)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals("Retry-After", "7200")
        .expectBody()
        .jsonPath("$.type").isEqualTo("urn:multi-ai-gateway:problem:budget-exceeded")
        .jsonPath("$.status").isEqualTo(402)
        .jsonPath("$.budget").isEqualTo("client:acme")
        .jsonPath("$.scope").isEqualTo("client")
        .jsonPath("$.period").isEqualTo("daily")
        .jsonPath("$.limitUsd").isEqualTo(0.05)
        .jsonPath("$.spentUsd").isEqualTo(0.049)
        .jsonPath("$.reservedUsd").isEqualTo(0.0005)
        .jsonPath("$.requiredUsd").isEqualTo(0.001605)
        .jsonPath("$.resetsAt").isEqualTo("2026-12-01T00:00:00Z")
        .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("client:acme", "2026-12-01T00:00:00Z"));
  }

  @Test
  void givenARefusedRequest_whenAnsweredOnTheOpenAiEdge_thenItIs402InOpenAisErrorShapeWithCodeBudgetExceeded() {
    refusing.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(402)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectHeader().valueEquals("Retry-After", "7200")
        .expectBody()
        .jsonPath("$.error.code").isEqualTo("budget_exceeded")
        .jsonPath("$.error.type").isEqualTo("insufficient_quota")
        .jsonPath("$.error.param").doesNotExist()
        .jsonPath("$.error.message").value(message -> assertThat((String) message).contains("client:acme"));
  }

  // --- admin ------------------------------------------------------------------------------------

  private final AuditLog audit = mock(AuditLog.class);
  private final BudgetService budgets = new BudgetService(BudgetProperties.none(), LedgerForTests.inMemory(java.time.Clock.systemUTC()),
      new WorstCaseCost(new CostCalculator(new PricingProperties(Map.of()))), new ModelCatalog(new ProvidersProperties(
          settings("claude-haiku-4-5", "claude-sonnet-4-5"), settings("gpt-5-mini", "gpt-5"), settings("gemini-2.5-flash", "gemini-2.5-pro"),
          new SimulationSettings(1, 0, 0, Map.of()))), java.time.Clock.systemUTC(), alert -> { });
  private final WebTestClient admin = WebTestClient.bindToController(
      new BudgetAdminController(budgets, audit, new UserIdHasher("test-secret-0123456789"), JsonMapper.builder().build()))
      .controllerAdvice(new BudgetProblemHandler(), new TestProblemAdvice()).build();

  private static ProviderSettings settings(String cheap, String strong) {
    return new ProviderSettings(null, "http://localhost", cheap, strong, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void givenAnAdmin_whenABudgetIsPut_thenItIsListedWithItsCountsAndTheChangeIsAudited() {
    admin.put().uri("/api/ai/admin/budgets").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"scope\":\"client\",\"id\":\"acme\",\"period\":\"monthly\",\"limitUsd\":25,\"action\":\"downgrade\"}").exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.budget").isEqualTo("client:acme").jsonPath("$.source").isEqualTo("admin")
        .jsonPath("$.remainingUsd").isEqualTo(25.0);

    admin.get().uri("/api/ai/admin/budgets").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.budgets[0].budget").isEqualTo("client:acme").jsonPath("$.budgets[0].period").isEqualTo("monthly")
        .jsonPath("$.budgets[0].action").isEqualTo("downgrade").jsonPath("$.budgets[0].spentUsd").isEqualTo(0.0);
    verify(audit).record(any(ServerWebExchange.class), eq(AuditAction.BUDGET_SET), startsWith("client:acme monthly $25.0"), eq("success"));
  }

  @Test
  void givenAUserBudgetByRawUserId_whenPut_thenOnlyTheHashIsKeptAndAudited() {
    String hash = new UserIdHasher("test-secret-0123456789").hash("alice@example.com");

    admin.post().uri("/api/ai/admin/budgets").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"scope\":\"user\",\"userId\":\"alice@example.com\",\"limitUsd\":1}").exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.budget").isEqualTo("user:" + hash).jsonPath("$.period").isEqualTo("daily")
        .jsonPath("$.action").isEqualTo("deny");
    verify(audit).record(any(ServerWebExchange.class), eq(AuditAction.BUDGET_SET), startsWith("user:" + hash), eq("success"));
  }

  @Test
  void givenAnAdmin_whenABudgetIsDeleted_thenItIsGoneAndTheDeletionIsAudited() {
    budgets.put(new BudgetDefinition(BudgetId.client("acme"), BudgetPeriod.DAILY, 1.0, BudgetAction.DENY, "admin")).block();

    admin.delete().uri("/api/ai/admin/budgets/client:acme").exchange().expectStatus().isNoContent();

    admin.get().uri("/api/ai/admin/budgets").exchange().expectBody().jsonPath("$.budgets").isEmpty();
    verify(audit).record(any(ServerWebExchange.class), eq(AuditAction.BUDGET_DELETE), eq("client:acme"), eq("success"));
  }

  @Test
  void givenAnInvalidBudget_whenPut_thenItIs400AndNothingIsAudited() {
    admin.put().uri("/api/ai/admin/budgets").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"scope\":\"client\",\"id\":\"acme\",\"limitUsd\":-1}").exchange()
        .expectStatus().isEqualTo(400);
    admin.put().uri("/api/ai/admin/budgets").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"scope\":\"client\",\"id\":\"acme\",\"limitUsd\":1,\"period\":\"weekly\"}").exchange()
        .expectStatus().isEqualTo(400);

    verify(audit, never()).record(any(ServerWebExchange.class), any(), any(), any());
  }

  /** The real ProblemHandler is package-private in another package: the same mapping of invalid input to 400. */
  @org.springframework.web.bind.annotation.RestControllerAdvice
  static class TestProblemAdvice {
    @org.springframework.web.bind.annotation.ExceptionHandler(io.multiai.gateway.ingress.problem.InvalidRequestException.class)
    org.springframework.http.ResponseEntity<?> invalid(io.multiai.gateway.ingress.problem.InvalidRequestException e) {
      return io.multiai.gateway.ingress.problem.Problems.of(400, "invalid-request", "Invalid request", e.getMessage());
    }
  }
}
