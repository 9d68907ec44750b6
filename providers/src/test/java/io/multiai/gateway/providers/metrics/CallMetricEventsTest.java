package io.multiai.gateway.providers.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelPrice;
import io.multiai.gateway.common.catalog.PricingProperties;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;

class CallMetricEventsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
  private static final QueryRequest REQUEST = QueryRequest.newBuilder().setRequestId("r-1").setQuery("q")
      .setCostPriority(CostPriority.CHEAP).setUserIdHash("hmac").setCreatedAtMs(0).build();

  private static AttemptOutcome answered(String model, Usage usage) {
    return new AttemptOutcome(model, ProviderId.OPENAI, AttemptOutcome.SUCCESS, 120,
        new ProviderResponse(model, "text", usage, "stop", false), null, true);
  }

  @Test
  void givenAPricedCallThenItsEventCarriesTokensCostAndThePriceListVersionButNoText() {
    CallMetricEvents events = new CallMetricEvents(new CostCalculator(new PricingProperties("2025-11",
        Map.of("gpt-5-mini", new ModelPrice(0.25, 2.00, 0.025)), null, null), CLOCK), CLOCK);

    MetricEvent event = events.of(REQUEST, answered("gpt-5-mini", Usage.of(1_000, 500))).build();

    assertThat(event.getInputTokens()).isEqualTo(1_000);
    assertThat(event.getOutputTokens()).isEqualTo(500);
    assertThat(event.getCostUsd()).isCloseTo((1_000 * 0.25 + 500 * 2.00) / 1e6, within(1e-12));
    assertThat(event.getCostEstimated()).isFalse();
    assertThat(event.getPricesVersion()).isEqualTo("2025-11");
    assertThat(event.getUserIdHash()).isEqualTo("hmac");
    assertThat(event.getTimestampMs()).isEqualTo(CLOCK.millis());
    assertThat(event.toString()).doesNotContain("text");
  }

  @Test
  void givenAnUnpricedModelWithAFallbackPriceThenTheCostIsCountedAndMarkedEstimated() {
    CallMetricEvents events = new CallMetricEvents(new CostCalculator(new PricingProperties("2025-11", Map.of(),
        new PricingProperties.Unpriced(new ModelPrice(3.00, 15.00, null)), null), CLOCK), CLOCK);

    MetricEvent event = events.of(REQUEST, answered("mystery-model", Usage.of(100_000, 50_000))).build();

    assertThat(event.getCostUsd()).isCloseTo(1.05, within(1e-12));
    assertThat(event.getCostEstimated()).isTrue();
  }

  @Test
  void givenAnUnpricedModelWithoutAFallbackThenTheCostIsUnknownNeverZero() {
    CallMetricEvents events = new CallMetricEvents(new CostCalculator(new PricingProperties(Map.of()), CLOCK), CLOCK);

    MetricEvent event = events.of(REQUEST, answered("mystery-model", Usage.of(100_000, 50_000))).build();

    assertThat(event.getCostUsd()).isNull();
    assertThat(event.getCostEstimated()).isFalse();
  }
}
