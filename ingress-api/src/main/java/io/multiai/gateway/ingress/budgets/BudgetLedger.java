package io.multiai.gateway.ingress.budgets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Spent and reserved nano-USD per budget and period, shared by every ingress replica: in Redis (one Lua script
 * per operation, so each is atomic across replicas) when {@code AI_REDIS_URL} is set, else in this process
 * (one lock). Both implementations pass the same contract tests.
 *
 * <p>Contract: {@link #reserve} adds the amount to every budget's {@code reserved} or to none — none when any
 * budget's {@code spent + reserved + amount} would pass its limit; {@link #settle} moves a reservation to
 * {@code spent} at its actual amount in every budget; each alert threshold (50, 80, 100 % of the limit, by
 * spent) is reported by exactly one settle per budget and period, whichever replica makes it.
 */
public interface BudgetLedger {

  /** The alert thresholds, percent of the limit. */
  List<Integer> THRESHOLDS = List.of(50, 80, 100);

  /**
   * One budget in one period: where its counts live.
   *
   * @param budget {@link BudgetId#name()}
   * @param period {@link BudgetPeriod#label}
   * @param limitNanos the limit when the entry was made (nano-USD)
   * @param expiresAt when the ledger may forget it: a while after the period's end
   */
  record Entry(String budget, String period, long limitNanos, Instant expiresAt) {}

  /** A budget's counts in one period, nano-USD. */
  record Usage(long spentNanos, long reservedNanos) {
    public static final Usage NONE = new Usage(0, 0);
  }

  /**
   * The answer to a reservation.
   *
   * @param refused the index of the first entry that could not take the amount, or -1 when all took it
   * @param usage that entry's counts when refused (null when reserved)
   * @param exhausted the refused budget could not take the amount even with nothing in flight, and this is the
   *     first such refusal of its period: its 100 % alert is due
   */
  record Reservation(int refused, Usage usage, boolean exhausted) {
    public boolean reserved() {
      return refused < 0;
    }
  }

  /** A threshold crossed by a settlement: entry index, percent, spent after it (nano-USD). */
  record Crossing(int entry, int percent, long spentNanos) {}

  /** Reserves {@code amountNanos} in every entry, or in none. */
  Mono<Reservation> reserve(List<Entry> entries, long amountNanos);

  /**
   * Releases {@code reservedNanos} and adds {@code actualNanos} to spent in every entry, atomically; answers the
   * thresholds this settlement crossed first in its period.
   */
  Mono<List<Crossing>> settle(List<Entry> entries, long reservedNanos, long actualNanos);

  /** The counts of each entry, in order ({@link Usage#NONE} for one not in the ledger). */
  Mono<List<Usage>> usage(List<Entry> entries);

  /** Every budget and period in the ledger: {@code budget → period → usage}. */
  Mono<Map<String, Map<String, Usage>>> all();

  /** Budgets set at runtime, by {@link BudgetId#name()}: an encoded definition or {@link #REMOVED}. */
  Mono<Map<String, String>> overrides();

  /** Records an override ({@code value} an encoded definition, or {@link #REMOVED} to switch a budget off). */
  Mono<Void> putOverride(String budget, String value);

  /** The override marking a budget removed, so one from configuration stays off too. */
  String REMOVED = "removed";
}
