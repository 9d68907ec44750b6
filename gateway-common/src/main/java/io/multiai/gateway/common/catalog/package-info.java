/**
 * The model catalog and its prices: which models each provider offers (ids, tiers, context windows),
 * which providers are configured, what a call costs ({@link io.multiai.gateway.common.catalog.CallCost},
 * the one cost rule). Here, apart from the provider clients, so that the ingress and the aggregator
 * can name and price models without carrying HTTP clients.
 */
package io.multiai.gateway.common.catalog;
