package io.multiai.gateway.ingress.cache;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

/** What the caller's Cache-Control allows: no-cache skips the lookup, no-store also the store. */
public record CachePolicy(boolean lookup, boolean store) {

  public static final CachePolicy DEFAULT = new CachePolicy(true, true);
  public static final CachePolicy OFF = new CachePolicy(false, false);

  public static CachePolicy of(HttpHeaders headers) {
    List<String> values = headers.get(HttpHeaders.CACHE_CONTROL);
    if (values == null || values.isEmpty()) {
      return DEFAULT;
    }
    boolean noCache = false;
    boolean noStore = false;
    for (String value : values) {
      String directives = value.toLowerCase(Locale.ROOT);
      noCache |= directives.contains("no-cache");
      noStore |= directives.contains("no-store");
    }
    return new CachePolicy(!noCache && !noStore, !noStore);
  }
}
