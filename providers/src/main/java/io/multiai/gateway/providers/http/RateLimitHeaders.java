package io.multiai.gateway.providers.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Picks the headers a provider uses to announce its limits, so the resilience layer can pace itself. */
public final class RateLimitHeaders {

  private final List<String> prefixes;
  private final List<String> names;

  /** Header names and prefixes, lower-case. */
  public RateLimitHeaders(List<String> prefixes, List<String> names) {
    this.prefixes = List.copyOf(prefixes);
    this.names = List.copyOf(names);
  }

  public Map<String, String> from(HttpReply reply) {
    Map<String, String> picked = new TreeMap<>();
    reply.headers().forEach((name, value) -> {
      if (names.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
        picked.put(name, value);
      }
    });
    return picked;
  }
}
