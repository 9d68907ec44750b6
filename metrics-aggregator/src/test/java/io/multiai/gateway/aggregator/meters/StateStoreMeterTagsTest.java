package io.multiai.gateway.aggregator.meters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class StateStoreMeterTagsTest {

  @Test
  void exportsTheMetersOfEveryKindOfStoreUnderOneName() {
    // given a Prometheus registry with the filter
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StateStoreMeterTags());

    // when a window store and a key-value store report the same meter, each under its kind's tag key (as Kafka names them)
    registry.gauge("kafka.stream.state.size.all.mem.tables",
        Tags.of("rocksdb.window.state.id", "metric-windows", "task.id", "1_0", "thread.id", "t1"), 1.0);
    registry.gauge("kafka.stream.state.size.all.mem.tables",
        Tags.of("rocksdb.state.id", "batch-progress", "task.id", "4_2", "thread.id", "t1"), 2.0);

    // then both are exported, with the store's name and kind
    String scrape = registry.scrape();
    assertThat(scrape).contains("store=\"metric-windows\"").contains("store_type=\"rocksdb.window\"")
        .contains("store=\"batch-progress\"").contains("store_type=\"rocksdb\"");
  }

  @Test
  void leavesOtherMetersAlone() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StateStoreMeterTags());

    registry.counter("gateway.provider.calls", "model", "gpt-5-mini").increment();

    assertThat(registry.get("gateway.provider.calls").tags("model", "gpt-5-mini").counter().count()).isEqualTo(1.0);
  }
}
