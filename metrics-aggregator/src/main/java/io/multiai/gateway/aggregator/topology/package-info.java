/**
 * The Kafka Streams topology: ai.metrics decoded once (poison to the DLQ), summed in memory per group
 * (model, all models, complexity, cost priority) and window and per user and day, the sums handed on
 * at every commit through one repartition each, merged into running totals and 1m/1h/1d windows on
 * ai.metrics.windows, and fed to the alert rules and the per-user days.
 */
package io.multiai.gateway.aggregator.topology;
