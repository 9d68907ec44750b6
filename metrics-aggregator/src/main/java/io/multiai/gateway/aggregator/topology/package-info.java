/**
 * The Kafka Streams topology: ai.metrics decoded (poison to the DLQ), grouped by model, complexity
 * and cost priority, aggregated as running totals and 1m/1h/1d windows to ai.metrics.windows, and
 * fed to the alert rules and the per-user days.
 */
package io.multiai.gateway.aggregator.topology;
