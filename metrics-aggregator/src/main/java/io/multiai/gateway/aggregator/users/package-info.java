/**
 * Per-user daily aggregates (by hashed user id), their erasure and the tombstones that carry it.
 */
package io.multiai.gateway.aggregator.users;
