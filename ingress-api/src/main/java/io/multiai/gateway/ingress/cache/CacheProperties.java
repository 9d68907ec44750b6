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
 */
@ConfigurationProperties("gateway.cache")
public record CacheProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("3600") @DurationUnit(ChronoUnit.SECONDS) Duration ttl,
    @DefaultValue("10000") long maxEntries) {}
