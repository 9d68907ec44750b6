/**
 * The response cache: keys scoped to the caller over the exact request, Caffeine or Redis storage,
 * Cache-Control policy, and the cache-hit MetricEvent.
 */
package io.multiai.gateway.ingress.cache;
