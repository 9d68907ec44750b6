/**
 * Spend budgets (issue 17): a limit in USD per UTC day or month for the whole gateway, a client (in its key's
 * entry) or a user (hashed id), enforced at the edge before a request reaches Kafka.
 *
 * <p>Why the edge: it is where the client key, the user, Redis, the audit log and the 402 answer all are. Each
 * request's worst-case cost ({@link io.multiai.gateway.common.catalog.WorstCaseCost}: prompt bound × input price +
 * output limit × output price, the priciest model it may reach; an ensemble's members plus its judge) is reserved in
 * every applicable budget at once ({@link io.multiai.gateway.ingress.budgets.BudgetLedger}: one Redis Lua script,
 * all or nothing, so exact across replicas and concurrent requests), and travels with the request as
 * {@code costCeilingUsd}: the router never calls a model whose worst case exceeds what is left of it, so no request
 * can spend more than it reserved. The answer settles the reservation at the actual cost (an unknown cost — timeout,
 * the caller gone — at the whole reservation, never under). A request that does not fit gets 402 ({@code deny}) or is
 * re-priced and pinned to the cheapest capable model ({@code downgrade}).
 *
 * <p>The public API is this package ({@link io.multiai.gateway.ingress.budgets.BudgetService},
 * {@link io.multiai.gateway.ingress.budgets.Reservation}); the ledgers and their wiring are in {@code internal}.
 */
package io.multiai.gateway.ingress.budgets;
