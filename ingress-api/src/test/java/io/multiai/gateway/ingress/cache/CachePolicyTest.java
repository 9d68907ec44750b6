package io.multiai.gateway.ingress.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class CachePolicyTest {

  @Test
  void cacheControlNoCacheSkipsTheLookupAndNoStoreAlsoTheStore() {
    HttpHeaders noCache = new HttpHeaders();
    noCache.setCacheControl("no-cache");
    HttpHeaders noStore = new HttpHeaders();
    noStore.setCacheControl("no-store");

    assertThat(CachePolicy.of(new HttpHeaders())).isEqualTo(new CachePolicy(true, true));
    assertThat(CachePolicy.of(noCache)).isEqualTo(new CachePolicy(false, true));
    assertThat(CachePolicy.of(noStore)).isEqualTo(new CachePolicy(false, false));
  }
}
