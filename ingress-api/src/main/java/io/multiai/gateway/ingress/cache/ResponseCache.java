package io.multiai.gateway.ingress.cache;

import io.multiai.gateway.schemas.QueryResponse;
import reactor.core.publisher.Mono;

/** Successful worker replies by cache key, for the configured time. */
public interface ResponseCache {

  /** The cached reply, or empty. */
  Mono<QueryResponse> get(String key);

  /** Stores a reply; a failure to store is not the caller's problem. */
  void put(String key, QueryResponse reply);
}
