package io.multiai.gateway.ingress.budgets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.ingress.budgets.BudgetLedger;
import io.multiai.gateway.ingress.budgets.BudgetLedger.Crossing;
import io.multiai.gateway.ingress.budgets.BudgetLedger.Entry;
import io.multiai.gateway.ingress.budgets.BudgetLedger.Usage;

/**
 * What every {@link BudgetLedger} promises, run against each implementation (in memory, and Redis against a real
 * redis-server). Amounts are nano-USD: 1,000,000 = $0.001.
 */
abstract class BudgetLedgerContract {

  /** A ledger shared by {@link #ledger()} and {@link #anotherReplica()} (two clients of one store, for Redis). */
  abstract BudgetLedger ledger();

  /** A second handle on the same store: another ingress replica. The in-memory ledger has only one. */
  abstract BudgetLedger anotherReplica();

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Instant expiry = Instant.now().plusSeconds(3600);

  Entry entry(String budget, long limit) {
    return new Entry(budget + "-" + run, "2026-11-30", limit, expiry);
  }

  @Test
  void givenRoom_whenReserved_thenItCountsAsReservedUntilSettledAtTheActualAmount() {
    Entry client = entry("client:acme", 1_000_000);

    BudgetLedger.Reservation reserved = ledger().reserve(List.of(client), 400_000).block();
    assertThat(reserved.reserved()).isTrue();
    assertThat(ledger().usage(List.of(client)).block()).containsExactly(new Usage(0, 400_000));

    ledger().settle(List.of(client), 400_000, 150_000).block();

    assertThat(ledger().usage(List.of(client)).block()).containsExactly(new Usage(150_000, 0));
  }

  @Test
  void givenInFlightReservations_whenTheNextDoesNotFit_thenItIsRefusedWithTheCountsAndNothingIsReserved() {
    Entry client = entry("client:acme", 1_000_000);
    ledger().reserve(List.of(client), 600_000).block();

    BudgetLedger.Reservation refused = ledger().reserve(List.of(client), 500_000).block();

    assertThat(refused.reserved()).isFalse();
    assertThat(refused.refused()).isZero();
    assertThat(refused.usage()).isEqualTo(new Usage(0, 600_000));
    assertThat(refused.exhausted()).as("it would fit with nothing in flight: not exhausted").isFalse();
    assertThat(ledger().usage(List.of(client)).block()).containsExactly(new Usage(0, 600_000));
  }

  @Test
  void givenSeveralBudgets_whenOneCanNotTakeTheAmount_thenNoneIsReserved() {
    Entry gateway = entry("gateway", 10_000_000);
    Entry client = entry("client:acme", 1_000_000);
    Entry user = entry("user:u1", 5_000_000);
    ledger().reserve(List.of(client), 900_000).block();

    BudgetLedger.Reservation refused = ledger().reserve(List.of(gateway, client, user), 200_000).block();

    assertThat(refused.refused()).isEqualTo(1);
    assertThat(ledger().usage(List.of(gateway, client, user)).block())
        .containsExactly(Usage.NONE, new Usage(0, 900_000), Usage.NONE);
  }

  @Test
  void givenSeveralBudgets_whenAllHaveRoom_thenEachReservesAndSettlesTheSameAmount() {
    Entry gateway = entry("gateway", 10_000_000);
    Entry client = entry("client:acme", 1_000_000);

    assertThat(ledger().reserve(List.of(gateway, client), 300_000).block().reserved()).isTrue();
    ledger().settle(List.of(gateway, client), 300_000, 100_000).block();

    assertThat(ledger().usage(List.of(gateway, client)).block()).containsExactly(new Usage(100_000, 0), new Usage(100_000, 0));
  }

  @Test
  void givenAReservationUpToTheLimit_whenReserved_thenItFitsExactly() {
    Entry client = entry("client:acme", 1_000_000);

    assertThat(ledger().reserve(List.of(client), 1_000_000).block().reserved()).isTrue();
    assertThat(ledger().reserve(List.of(client), 1).block().reserved()).isFalse();
  }

  @Test
  void givenTwoPeriods_whenOneIsFull_thenTheOtherStartsFromZero() {
    Entry today = entry("client:acme", 1_000_000);
    Entry tomorrow = new Entry(today.budget(), "2026-12-01", today.limitNanos(), expiry);
    ledger().reserve(List.of(today), 1_000_000).block();
    ledger().settle(List.of(today), 1_000_000, 1_000_000).block();

    assertThat(ledger().reserve(List.of(today), 1).block().reserved()).isFalse();
    assertThat(ledger().reserve(List.of(tomorrow), 1_000_000).block().reserved()).isTrue();
  }

  @Test
  void givenSettlementsCrossing50And80And100Percent_whenSettled_thenEachThresholdIsReportedOnceInThePeriod() {
    Entry client = entry("client:acme", 1_000_000);
    List<Crossing> crossed = new ArrayList<>();
    // spent: 300k, 550k (50 %), 650k, 850k (80 %), 950k, 1,000k (100 %), then 0-cost settlements at 100 %.
    for (long actual : new long[] {300_000, 250_000, 100_000, 200_000, 100_000, 50_000, 0, 0}) {
      assertThat(ledger().reserve(List.of(client), actual).block().reserved()).isTrue();
      crossed.addAll(ledger().settle(List.of(client), actual, actual).block());
    }

    assertThat(crossed).extracting(Crossing::percent).containsExactly(50, 80, 100);
    assertThat(crossed).extracting(Crossing::spentNanos).containsExactly(550_000L, 850_000L, 1_000_000L);
  }

  @Test
  void givenABudgetThatCanNotTakeARequestEvenWithNothingInFlight_whenRefusedTwice_thenOnlyTheFirstIsExhausted() {
    Entry client = entry("client:acme", 1_000_000);
    ledger().reserve(List.of(client), 900_000).block();
    ledger().settle(List.of(client), 900_000, 900_000).block();

    assertThat(ledger().reserve(List.of(client), 200_000).block().exhausted()).isTrue();
    assertThat(ledger().reserve(List.of(client), 200_000).block().exhausted()).isFalse();
  }

  @Test
  void givenManyConcurrentReservationsFromTwoReplicas_whenTheyRace_thenReservedNeverPassesTheLimit() throws Exception {
    Entry client = entry("client:race", 10_000_000);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    AtomicInteger granted = new AtomicInteger();
    Set<Integer> alerts = ConcurrentHashMap.newKeySet();
    AtomicInteger alertCount = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        BudgetLedger replica = i % 2 == 0 ? ledger() : anotherReplica();
        futures.add(pool.submit(() -> {
          if (replica.reserve(List.of(client), 300_000).block().reserved()) {
            granted.incrementAndGet();
            replica.settle(List.of(client), 300_000, 300_000).block().forEach(c -> {
              alerts.add(c.percent());
              alertCount.incrementAndGet();
            });
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // 33 × 300,000 = 9,900,000 fits; a 34th would pass 10,000,000.
    assertThat(granted.get()).isEqualTo(33);
    assertThat(ledger().usage(List.of(client)).block()).containsExactly(new Usage(9_900_000, 0));
    assertThat(alerts).containsExactlyInAnyOrder(50, 80);
    assertThat(alertCount.get()).as("each threshold once, across both replicas").isEqualTo(2);
  }

  @Test
  void givenAnOverride_whenPutByOneReplica_thenTheOtherReadsIt() {
    String name = "client:acme-" + run;
    ledger().putOverride(name, "daily|1.0|deny").block();

    assertThat(anotherReplica().overrides().block()).containsEntry(name, "daily|1.0|deny");

    anotherReplica().putOverride(name, BudgetLedger.REMOVED).block();
    assertThat(ledger().overrides().block()).containsEntry(name, BudgetLedger.REMOVED);
  }

  @Test
  void givenSpend_whenAllIsRead_thenEachBudgetAndPeriodIsListed() {
    Entry client = entry("client:acme", 1_000_000);
    ledger().reserve(List.of(client), 10).block();
    ledger().settle(List.of(client), 10, 7).block();

    assertThat(ledger().all().block().get(client.budget())).containsEntry("2026-11-30", new Usage(7, 0));
  }
}
