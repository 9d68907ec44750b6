package io.multiai.gateway.ingress.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import io.multiai.gateway.ingress.route.RouteCommand;
import io.multiai.gateway.schemas.CostPriority;

class CacheKeyTest {

  private static RouteCommand ask(String query, CostPriority priority, String provider) {
    return new RouteCommand(query, priority, provider, null, null, null);
  }

  @Test
  void theSameQuestionWithDifferentWhitespaceOrUnicodeFormIsOneEntry() {
    String key = CacheKey.of(ask("What is  Kafka?", CostPriority.BALANCED, null));

    assertThat(CacheKey.of(ask("  What is\nKafka? ", CostPriority.BALANCED, null))).isEqualTo(key);
    assertThat(CacheKey.of(ask("Caf\u00e9", CostPriority.CHEAP, null))).isEqualTo(CacheKey.of(ask("Cafe\u0301", CostPriority.CHEAP, null)));
  }

  @Test
  void caseCostPriorityPinsAndUsersAreDistinguishedExceptUsers() {
    String key = CacheKey.of(ask("What is Kafka?", CostPriority.BALANCED, null));

    assertThat(CacheKey.of(ask("what is kafka?", CostPriority.BALANCED, null))).isNotEqualTo(key);
    assertThat(CacheKey.of(ask("What is Kafka?", CostPriority.QUALITY, null))).isNotEqualTo(key);
    assertThat(CacheKey.of(ask("What is Kafka?", CostPriority.BALANCED, "claude"))).isNotEqualTo(key);
    assertThat(CacheKey.of(new RouteCommand("What is Kafka?", CostPriority.BALANCED, null, null, null, "user-7"))).isEqualTo(key);
  }

  @Test
  void theKeyCarriesNoQueryText() {
    assertThat(CacheKey.of(ask("my secret question", CostPriority.BALANCED, null))).matches("rc:[0-9a-f]{64}");
  }

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
