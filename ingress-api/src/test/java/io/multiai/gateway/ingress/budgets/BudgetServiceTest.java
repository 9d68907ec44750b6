package io.multiai.gateway.ingress.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ModelPrice;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.common.catalog.WorstCaseCost;
import io.multiai.gateway.common.testing.MutableClock;
import io.multiai.gateway.ingress.budgets.internal.LedgerForTests;
import io.multiai.gateway.ingress.web.ClientBudget;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.web.Role;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * Budgets at the edge with the in-memory ledger and a clock the test moves: pricing, reservation, refusal,
 * downgrade, settlement, period rollover and alerts.
 *
 * <p>Numbers: "hello there" is 11 bytes, so at most 11 + 8 + 16 = 35 prompt tokens; the output limit is 100 tokens.
 * The priciest catalog model is claude-sonnet-4-5 ($3 / $15 per million): worst case (35 × 3 + 100 × 15) / 1e6 =
 * $0.001605. The cheapest is gpt-5-mini ($0.25 / $2): (35 × 0.25 + 100 × 2) / 1e6 = $0.00020875.
 */
class BudgetServiceTest {

  static final double SONNET_WORST = 0.001605;
  static final double MINI_WORST = 0.00020875;

  /** 2026-11-30 23:00 UTC: an hour before a daily and a monthly reset. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));
  private final List<Alert> alerts = new CopyOnWriteArrayList<>();
  private final BudgetLedger ledger = LedgerForTests.inMemory(clock);

  private BudgetService service(BudgetProperties properties) {
    Map<String, ModelPrice> prices = Map.of(
        "claude-haiku-4-5", new ModelPrice(1.0, 5.0, null),
        "claude-sonnet-4-5", new ModelPrice(3.0, 15.0, null),
        "gpt-5-mini", new ModelPrice(0.25, 2.0, null),
        "gpt-5", new ModelPrice(1.25, 10.0, null),
        "gemini-2.5-flash", new ModelPrice(0.30, 2.50, null),
        "gemini-2.5-pro", new ModelPrice(1.25, 10.0, null));
    ModelCatalog catalog = new ModelCatalog(new ProvidersProperties(settings("claude-haiku-4-5", "claude-sonnet-4-5"),
        settings("gpt-5-mini", "gpt-5"), settings("gemini-2.5-flash", "gemini-2.5-pro"), new SimulationSettings(1, 0, 0, Map.of())));
    return new BudgetService(properties, ledger, new WorstCaseCost(new CostCalculator(new PricingProperties(prices), clock)), catalog,
        clock, alerts::add);
  }

  private static BudgetProperties properties(BudgetProperties.Limit gateway, BudgetProperties.Limit perUser) {
    return new BudgetProperties(true, gateway, perUser, null, null, 100, null, null, Duration.ZERO, null);
  }

  private static ClientIdentity client(String period, double limitUsd, String action) {
    return new ClientIdentity("acme", Role.CLIENT, Map.of(), new ClientBudget(period, limitUsd, action));
  }

  private QueryRequest request() {
    return QueryRequest.newBuilder().setRequestId("r-" + System.nanoTime()).setQuery("hello there").setCostPriority(CostPriority.BALANCED)
        .setCreatedAtMs(clock.millis()).build();
  }

  private static ProviderSettings settings(String cheap, String strong) {
    return new ProviderSettings(null, "http://localhost", cheap, strong, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void givenNoBudget_whenReserved_thenTheRequestPassesUnchangedWithoutACeiling() {
    QueryRequest request = request();

    Reservation reservation = service(BudgetProperties.none()).reserve(null, request).block();

    assertThat(reservation.request()).isSameAs(request);
    assertThat(reservation.request().getCostCeilingUsd()).isNull();
  }

  @Test
  void givenAnAutoRoutedRequest_whenReserved_thenItReservesThePriciestModelsWorstCaseAndCarriesItAsTheCeiling() {
    Reservation reservation = service(properties(null, null)).reserve(client("daily", 0.01, "deny"), request()).block();

    assertThat(reservation.amountUsd()).isCloseTo(SONNET_WORST, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(reservation.request().getCostCeilingUsd()).isEqualTo(reservation.amountUsd());
  }

  @Test
  void givenAPinnedModel_whenReserved_thenThatModelIsPriced() {
    QueryRequest pinned = QueryRequest.newBuilder(request()).setModel("gpt-5-mini").build();

    Reservation reservation = service(properties(null, null)).reserve(client("daily", 0.01, "deny"), pinned).block();

    assertThat(reservation.amountUsd()).isCloseTo(MINI_WORST, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void givenAnEnsembleWithAJudge_whenReserved_thenItReservesEveryMemberOnceAndTheJudgeCall() {
    QueryRequest ensemble = QueryRequest.newBuilder(request()).setEnsemble(new io.multiai.gateway.schemas.EnsembleOptions(
        io.multiai.gateway.schemas.EnsembleStrategy.BEST, List.of("gpt-5-mini", "claude-haiku-4-5"), null)).build();

    Reservation reservation = service(properties(null, null)).reserve(client("daily", 1.0, "deny"), ensemble).block();

    // members: gpt-5-mini $0.00020875, haiku (35 × 1 + 100 × 5) / 1e6 = $0.000535; judge sonnet reads
    // 35 + 2 × (400 + 8) + 1024 = 1875 tokens: (1875 × 3 + 100 × 15) / 1e6 = $0.007125.
    assertThat(reservation.amountUsd()).isCloseTo(0.00020875 + 0.000535 + 0.007125, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void givenADenyBudget_whenAReservationDoesNotFit_thenItIsRefusedNamingTheBudgetItsResetAndRetryAfter() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.01, "deny");
    for (int i = 0; i < 6; i++) { // 6 × $0.001605 = $0.00963
      budgets.reserve(acme, request()).block();
    }

    assertThatThrownBy(() -> budgets.reserve(acme, request()).block())
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
          assertThat(e.budget().id().name()).isEqualTo("client:acme");
          assertThat(e.budget().period()).isEqualTo(BudgetPeriod.DAILY);
          assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
          assertThat(e.retryAfterSeconds()).isEqualTo(3600);
          assertThat(e.usage().reservedNanos()).isEqualTo(6 * 1_605_000L);
          assertThat(e.getMessage()).contains("client:acme", "daily", "2026-12-01T00:00:00Z");
        });
  }

  @Test
  void givenSeveralBudgets_whenTheUserBudgetRefuses_thenTheGatewayAndClientBudgetsReserveNothing() {
    BudgetService budgets = service(properties(new BudgetProperties.Limit("daily", 1.0, "deny"),
        new BudgetProperties.Limit("daily", 0.001, "deny")));
    QueryRequest forUser = QueryRequest.newBuilder(request()).setUserIdHash("u-hash").build();

    assertThatThrownBy(() -> budgets.reserve(client("daily", 0.01, "deny"), forUser).block())
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> assertThat(e.budget().id().name()).isEqualTo("user:u-hash"));
    List<java.util.Map<String, Object>> status = budgets.describe(budgets.applicable(client("daily", 0.01, "deny"), "u-hash").block()).block();
    assertThat(status).extracting(b -> b.get("reservedUsd")).containsOnly(0.0);
  }

  @Test
  void givenADowngradeBudget_whenTheRequestDoesNotFit_thenItIsPinnedToTheCheapestCapableModelWithThatCeiling() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.002, "downgrade"); // one sonnet worst case fits, a second does not
    budgets.reserve(acme, request()).block();

    Reservation downgraded = budgets.reserve(acme, request()).block();

    assertThat(downgraded.downgradedTo()).isEqualTo("gpt-5-mini");
    assertThat(downgraded.request().getModel()).isEqualTo("gpt-5-mini");
    assertThat(downgraded.request().getFallback()).isFalse();
    assertThat(downgraded.request().getCostCeilingUsd()).isCloseTo(MINI_WORST, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void givenADowngradeBudget_whenEvenTheCheapestModelDoesNotFit_thenItIsRefused() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.0002, "downgrade");

    assertThatThrownBy(() -> budgets.reserve(acme, request()).block()).isInstanceOf(BudgetExceededException.class);
  }

  @Test
  void givenAPinnedModelWithoutAPrice_whenADenyBudgetApplies_thenItIsRefusedAsUnpriced() {
    QueryRequest pinned = QueryRequest.newBuilder(request()).setModel("claude-opus-4-5").build();

    assertThatThrownBy(() -> service(properties(null, null)).reserve(client("daily", 1.0, "deny"), pinned).block())
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> assertThat(e.unpricedModel()).isEqualTo("claude-opus-4-5"));
  }

  @Test
  void givenADailyBudgetFullyUsed_whenTheClockPassesUtcMidnight_thenANewPeriodStartsFromZero() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.002, "deny");
    budgets.reserve(acme, request()).block().settle(0.0019).block();
    assertThatThrownBy(() -> budgets.reserve(acme, request()).block()).isInstanceOf(BudgetExceededException.class);

    clock.set(Instant.parse("2026-11-30T23:59:59Z"));
    assertThatThrownBy(() -> budgets.reserve(acme, request()).block()).as("still the same day").isInstanceOf(BudgetExceededException.class);

    clock.set(Instant.parse("2026-12-01T00:00:00Z"));
    Reservation tomorrow = budgets.reserve(acme, request()).block();
    assertThat(tomorrow.amountUsd()).isPositive();
    assertThat(budgets.describe(budgets.applicable(acme, null).block()).block().get(0))
        .containsEntry("periodLabel", "2026-12-01").containsEntry("resetsAt", "2026-12-02T00:00:00Z");
  }

  @Test
  void givenAMonthlyBudgetFullyUsed_whenTheClockReachesTheFirstOfTheNextMonth_thenANewPeriodStartsFromZero() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("monthly", 0.002, "deny");
    clock.set(Instant.parse("2026-11-01T00:00:00Z"));
    budgets.reserve(acme, request()).block().settle(0.0019).block();

    clock.set(Instant.parse("2026-11-30T23:59:59Z"));
    assertThatThrownBy(() -> budgets.reserve(acme, request()).block()).as("still November").isInstanceOf(BudgetExceededException.class);

    clock.set(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(budgets.reserve(acme, request()).block().amountUsd()).isPositive();
    assertThat(budgets.describe(budgets.applicable(acme, null).block()).block().get(0))
        .containsEntry("periodLabel", "2026-12").containsEntry("resetsAt", "2027-01-01T00:00:00Z");
  }

  @Test
  void givenSpendCrossing50And80And100Percent_whenSettled_thenOneAlertEachIsPublishedAndAgainInTheNextPeriod() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.01, "deny");
    for (double actual : new double[] {0.004, 0.0015, 0.001, 0.0015, 0.001, 0.001}) { // 4, 5.5, 6.5, 8, 9, 10 m$
      budgets.reserve(acme, QueryRequest.newBuilder(request()).setModel("gpt-5-mini").build()).block().settle(actual).block();
    }

    assertThat(alerts).extracting(Alert::getRule).containsExactly("budget:client:acme:daily:50%", "budget:client:acme:daily:80%",
        "budget:client:acme:daily:100%");
    assertThat(alerts).extracting(Alert::getSeverity).containsExactly("warning", "warning", "critical");
    assertThat(alerts.get(2).getThreshold()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));

    clock.set(Instant.parse("2026-12-01T00:00:01Z"));
    budgets.reserve(acme, request()).block().settle(0.006).block();
    assertThat(alerts).hasSize(4);
    assertThat(alerts.get(3).getRule()).isEqualTo("budget:client:acme:daily:50%");
  }

  @Test
  void givenARefusalWithNothingSpent_whenTheHundredPercentAlertFires_thenItsValueIsWhatTheBudgetWouldHaveNeededAboveItsLimit() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity tiny = client("daily", 0.0001, "deny"); // below any request's worst case

    assertThatThrownBy(() -> budgets.reserve(tiny, request()).block()).isInstanceOf(BudgetExceededException.class);

    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.getRule()).isEqualTo("budget:client:acme:daily:100%");
      assertThat(alert.getComparison()).isEqualTo("greater_than");
      assertThat(alert.getValue()).as("spent + reserved + this request's worst case").isCloseTo(SONNET_WORST,
          org.assertj.core.data.Offset.offset(1e-9)).isGreaterThan(alert.getThreshold());
    });
  }

  @Test
  void aBudgetAlertIsActiveUntilItsPeriodEndsAndAnyOtherAlertHasNoSuchEnd() {
    Alert daily = Alert.newBuilder(alertNamed("budget:client:acme:daily:80%")).build();
    Alert monthly = Alert.newBuilder(alertNamed("budget:user:u-hash:monthly:50%")).build();

    assertThat(BudgetService.alertActiveUntil(daily)).contains(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(BudgetService.alertActiveUntil(monthly)).contains(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(BudgetService.alertActiveUntil(alertNamed("success_rate_low"))).isEmpty();
  }

  @Test
  void givenAuthenticationOff_whenStatusIsAsked_thenEveryCallerSeesEveryBudget() {
    BudgetService budgets = service(properties(new BudgetProperties.Limit("daily", 5.0, "deny"), null));

    assertThat(budgets.statusOf(null, false).block()).isEmpty();
    assertThat(budgets.statusOf(null, true).block()).singleElement().satisfies(b -> assertThat(b).containsEntry("budget", "gateway"));
  }

  private Alert alertNamed(String rule) {
    return Alert.newBuilder().setRule(rule).setState(io.multiai.gateway.schemas.AlertState.FIRING).setMetric("m")
        .setComparison("greater_than").setValue(1).setThreshold(0).setWindowMs(0).setSamples(0).setModel("*")
        .setSeverity("warning").setAction("notify_admin").setTimestampMs(clock.millis()).build();
  }

  @Test
  void givenAnUnknownCost_whenSettled_thenTheWholeReservationIsCountedAsSpent() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.01, "deny");

    budgets.reserve(acme, request()).block().settleInFull().block();

    Map<String, Object> state = budgets.describe(budgets.applicable(acme, null).block()).block().get(0);
    assertThat((double) state.get("spentUsd")).isCloseTo(SONNET_WORST, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(state.get("reservedUsd")).isEqualTo(0.0);
  }

  @Test
  void givenAReservationSettledTwice_whenTheSecondComes_thenItCountsOnce() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.01, "deny");
    Reservation reservation = budgets.reserve(acme, request()).block();

    reservation.settle(0.001).block();
    reservation.settleInFull().block();

    assertThat((double) budgets.describe(budgets.applicable(acme, null).block()).block().get(0).get("spentUsd"))
        .isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void givenAnAdminOverride_whenSet_thenItReplacesTheKeysBudgetAndARemovalSwitchesItOff() {
    BudgetService budgets = service(properties(null, null));
    ClientIdentity acme = client("daily", 0.01, "deny");

    budgets.put(new BudgetDefinition(BudgetId.client("acme"), BudgetPeriod.MONTHLY, 5.0, BudgetAction.DOWNGRADE, "admin")).block();
    assertThat(budgets.applicable(acme, null).block()).singleElement()
        .satisfies(b -> assertThat(b.limitUsd()).isEqualTo(5.0)).satisfies(b -> assertThat(b.source()).isEqualTo("admin"));

    budgets.remove(BudgetId.client("acme")).block();
    assertThat(budgets.applicable(acme, null).block()).isEmpty();
  }

  @Test
  void givenSpendInTwoPeriodsAndAPerUserBudget_whenAnalyticsAreRead_thenEveryBudgetAndPeriodShowsItsSpend() {
    BudgetService budgets = service(properties(null, new BudgetProperties.Limit("daily", 1.0, "deny")));
    ClientIdentity acme = client("daily", 0.01, "deny");
    QueryRequest forUser = QueryRequest.newBuilder(request()).setUserIdHash("u-hash").build();
    budgets.reserve(acme, forUser).block().settle(0.001).block();
    clock.set(Instant.parse("2026-12-01T01:00:00Z"));
    budgets.reserve(acme, forUser).block().settle(0.0005).block();

    Map<String, Object> analytics = budgets.analytics().block();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) analytics.get("spendByBudgetAndPeriod");
    assertThat(rows).extracting(r -> r.get("budget") + " " + r.get("periodLabel") + " " + r.get("spentUsd")).containsExactly(
        "client:acme 2026-11-30 0.001", "client:acme 2026-12-01 5.0E-4", "user:u-hash 2026-11-30 0.001", "user:u-hash 2026-12-01 5.0E-4");
  }

}
