/**
 * Handing in-memory sums downstream at every commit, inside its transaction ({@link
 * io.multiai.gateway.aggregator.flush.CommitFlush}).
 */
package io.multiai.gateway.aggregator.flush;
