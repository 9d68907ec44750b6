/**
 * Prometheus meters of the provider calls seen on ai.metrics (latency, tokens, cost, cache hits).
 */
package io.multiai.gateway.aggregator.meters;
