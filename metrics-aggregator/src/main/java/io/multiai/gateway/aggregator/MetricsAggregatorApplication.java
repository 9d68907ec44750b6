package io.multiai.gateway.aggregator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import io.multiai.gateway.common.config.GatewayCommonConfiguration;

/** Keeps running totals and one-minute windows of the metric events, per model and overall. */
@SpringBootApplication
@Import(GatewayCommonConfiguration.class)
public class MetricsAggregatorApplication {

  /** Its own config name, so the services can share one JVM (the local stack) without their files colliding. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(MetricsAggregatorApplication.class)
        .properties("spring.config.name=metrics-aggregator");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
