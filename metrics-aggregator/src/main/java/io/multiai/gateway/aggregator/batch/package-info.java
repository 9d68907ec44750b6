/**
 * Batch progress: a sub-topology deriving each batch's counts, cost and completion from
 * {@code ai.batch.results} (one result per item counted, the first) into the compacted
 * {@code ai.batch.status}; and the webhook told when a batch ends.
 */
package io.multiai.gateway.aggregator.batch;
