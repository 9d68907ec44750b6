package io.multiai.gateway.ingress.web;

/**
 * The budget in a client key's entry ({@code gateway.security.keys.<entry>.budget}), as the key ring read and
 * checked it; the budgets feature turns it into a budget of the client.
 *
 * @param period {@code daily} or {@code monthly}
 * @param limitUsd USD per period
 * @param action {@code deny} or {@code downgrade}
 */
public record ClientBudget(String period, double limitUsd, String action) {}
