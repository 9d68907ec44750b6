/**
 * The budget ledger's machinery, behind {@link io.multiai.gateway.ingress.budgets.BudgetLedger}: in Redis (two Lua
 * scripts) when the ingress has one, else in this process. Apart from the public API because nothing but the wiring
 * ({@link io.multiai.gateway.ingress.budgets.internal.BudgetConfiguration}) should know which ledger runs.
 *
 * <p>Why Redis and Lua: the ingress already shares Redis across replicas for exact rate limits, and a script runs
 * alone on the server, so "check every budget, then reserve in all of them" is one atomic step whichever replica
 * sends it — no lock, no coordinator, one round trip. Every key carries the same hash tag ({@code {budget}}) so
 * that a Redis Cluster keeps them in one slot, which a multi-key script needs. Amounts are integer nano-USD: sums
 * stay exact, and floats do not drift across thousands of increments.
 *
 * <p>Why a period is a key of its own ({@code budget:{budget}:client:acme:2026-11-30}): rollover needs no job — a new
 * period starts at 0 under a new key, the old one expires a while after its end — and the alert markers of a period
 * live in its hash, so "once per period" is {@code HSETNX} on that hash.
 */
package io.multiai.gateway.ingress.budgets.internal;
