package io.multiai.gateway.ingress.analytics;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.ingress.ratelimit.RateLimitFilter;
import io.multiai.gateway.ingress.web.EndpointClass;

/**
 * GET /api/ai/analytics/edge: what this ingress instance refused or answered itself, from its own
 * Micrometer counters — rate-limit rejections per endpoint class ({@code gateway_ratelimit_rejections_total})
 * and response-cache lookups ({@code gateway_route_cache_total}).
 *
 * <p>{@code {scope: "instance", since, rateLimitRejections: {total, byEndpoint: {route: n, …}},
 * routeCache: {hits, misses}}}. These never reach Kafka (a refused request is refused before it costs
 * anything), so unlike the summary they are per instance and since its start; behind a load balancer
 * Prometheus sums them across instances. Admin only (under /api/ai/analytics).
 */
@RestController
class EdgeAnalyticsController {

  private final MeterRegistry meters;
  private final Instant since;

  EdgeAnalyticsController(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.since = clock.instant();
  }

  @GetMapping("/api/ai/analytics/edge")
  Map<String, Object> edge() {
    Map<String, Object> byEndpoint = new LinkedHashMap<>();
    long total = 0;
    for (EndpointClass endpoint : EndpointClass.values()) {
      long count = count(RateLimitFilter.REJECTIONS, "endpoint", endpoint.wireName());
      byEndpoint.put(endpoint.wireName(), count);
      total += count;
    }
    Map<String, Object> rejections = new LinkedHashMap<>();
    rejections.put("total", total);
    rejections.put("byEndpoint", byEndpoint);
    Map<String, Object> cache = new LinkedHashMap<>();
    cache.put("hits", count("gateway.route.cache", "result", "hit"));
    cache.put("misses", count("gateway.route.cache", "result", "miss"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scope", "instance");
    body.put("since", since.toString());
    body.put("rateLimitRejections", rejections);
    body.put("routeCache", cache);
    return body;
  }

  /** A counter's count, 0 when it is not registered (rate limits or the cache switched off). */
  private long count(String name, String tag, String value) {
    Counter counter = meters.find(name).tag(tag, value).counter();
    return counter == null ? 0 : (long) counter.count();
  }
}
