package io.multiai.gateway.ingress.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * The /api/ai/route response cache.
 *
 * @param ttl how long an answer is reused (a plain number is seconds, as AI_CACHE_TTL is)
 * @param maxEntries bound of the in-process cache (Redis is bounded by its own maxmemory policy)
 * @param scope who may be served an entry: {@code client} (default) only the client that paid for it;
 *     {@code shared} every caller of this gateway, for deployments whose callers are one party
 */
@ConfigurationProperties("gateway.cache")
public record CacheProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("3600") @DurationUnit(ChronoUnit.SECONDS) Duration ttl,
    @DefaultValue("10000") long maxEntries,
    @DefaultValue("client") Scope scope) {

  /** Who shares cache entries. */
  public enum Scope {
    /** Each client (its key's client id, or its IP without a key) sees only what it asked itself. */
    CLIENT,
    /** One scope for every caller: only where every caller may see every other's questions and answers. */
    SHARED
  }
}
