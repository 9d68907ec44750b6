/**
 * The vocabulary of metric windows the topology writes and others read: groups, window sizes,
 * record keys, store kinds, late-event reporting.
 */
package io.multiai.gateway.aggregator.windows;
