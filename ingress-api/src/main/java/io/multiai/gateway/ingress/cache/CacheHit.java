package io.multiai.gateway.ingress.cache;

import io.multiai.gateway.schemas.QueryResponse;

/**
 * A question answered from the cache.
 *
 * @param reply the reply the workers sent when the answer was first paid for (its request id, cost and
 *     attempts are that call's, not this one's)
 * @param latencyMs how long this lookup took since the edge received the request, ms
 */
public record CacheHit(QueryResponse reply, long latencyMs) {}
