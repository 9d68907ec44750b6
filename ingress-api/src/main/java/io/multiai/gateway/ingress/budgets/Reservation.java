package io.multiai.gateway.ingress.budgets;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import reactor.core.publisher.Mono;

/**
 * One request's reservation in its budgets, settled exactly once: at the reply's actual cost, or at the whole
 * reservation when the cost is unknown (timeout, caller gone, unpriced model), so spend is never under-counted.
 */
public final class Reservation {

  private final BudgetService service;
  private final QueryRequest request;
  private final List<BudgetLedger.Entry> entries;
  private final List<BudgetDefinition> budgets;
  private final long amountNanos;
  private final AtomicBoolean settled = new AtomicBoolean();
  private String downgradedTo;

  Reservation(BudgetService service, QueryRequest request, List<BudgetLedger.Entry> entries,
      List<BudgetDefinition> budgets, long amountNanos) {
    this.service = service;
    this.request = request;
    this.entries = List.copyOf(entries);
    this.budgets = List.copyOf(budgets);
    this.amountNanos = amountNanos;
  }

  static Reservation none(QueryRequest request) {
    return new Reservation(null, request, List.of(), List.of(), 0);
  }

  Reservation downgradedTo(String model) {
    this.downgradedTo = model;
    return this;
  }

  /** The request to publish: the caller's, with the ceiling set (and pinned to a cheaper model after a downgrade). */
  public QueryRequest request() {
    return request;
  }

  /** The model a downgrade pinned the request to, or null. */
  public String downgradedTo() {
    return downgradedTo;
  }

  /** USD reserved. */
  public double amountUsd() {
    return Nanos.usd(amountNanos);
  }

  long amountNanos() {
    return amountNanos;
  }

  List<BudgetLedger.Entry> entries() {
    return entries;
  }

  List<BudgetDefinition> budgets() {
    return budgets;
  }

  /**
   * Settles at {@code actualUsd}; null (unknown) settles at the whole reservation. Later calls do nothing.
   * Never fails: a failed settlement leaves the amount reserved (logged).
   */
  public Mono<Void> settle(Double actualUsd) {
    if (service == null || !settled.compareAndSet(false, true)) {
      return Mono.empty();
    }
    long actual = actualUsd == null || actualUsd.isNaN() ? amountNanos : Nanos.ceil(Math.max(0, actualUsd));
    return service.settle(this, actual);
  }

  /** Settles at the reply's cost: its {@code costUsd}, 0 when no model was called, else unknown (the whole reservation). */
  public Mono<Void> settle(QueryResponse reply) {
    Double cost = reply.getCostUsd();
    if (cost == null && reply.getAttempts().isEmpty()) {
      cost = 0.0;
    }
    return settle(cost);
  }

  /** Settles at the whole reservation (the cost is unknown). */
  public Mono<Void> settleInFull() {
    return settle((Double) null);
  }

  /** As {@link #settleInFull()}, started without waiting: for a cancellation, where nobody waits for the answer. */
  public void settleInFullLater() {
    settleInFull().subscribe();
  }
}
