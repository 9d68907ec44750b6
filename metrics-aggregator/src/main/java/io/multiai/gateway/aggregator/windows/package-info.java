/**
 * The vocabulary of metric windows the topology writes and others read: groups, window sizes,
 * record keys, store kinds, late-event reporting, and the partial sums the source tasks hand to the
 * tasks that merge them.
 */
package io.multiai.gateway.aggregator.windows;
