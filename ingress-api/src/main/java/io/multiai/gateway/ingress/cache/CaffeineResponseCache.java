package io.multiai.gateway.ingress.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.multiai.gateway.schemas.QueryResponse;
import reactor.core.publisher.Mono;

/** In this process: a lookup is a hash-map read, bounded in size and time. */
public final class CaffeineResponseCache implements ResponseCache {

  private final Cache<String, QueryResponse> entries;

  public CaffeineResponseCache(CacheProperties properties) {
    this.entries = Caffeine.newBuilder().maximumSize(properties.maxEntries()).expireAfterWrite(properties.ttl()).build();
  }

  @Override
  public Mono<QueryResponse> get(String key) {
    return Mono.justOrEmpty(entries.getIfPresent(key));
  }

  @Override
  public void put(String key, QueryResponse reply) {
    entries.put(key, reply);
  }
}
