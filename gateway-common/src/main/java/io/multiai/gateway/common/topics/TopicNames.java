package io.multiai.gateway.common.topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Topic names, configurable per deployment; the defaults are the design brief's. */
@ConfigurationProperties("gateway.topics")
public record TopicNames(
    @DefaultValue("ai.requests.route") String requestsRoute,
    @DefaultValue("ai.replies") String replies,
    @DefaultValue("ai.metrics") String metrics,
    @DefaultValue("ai.metrics.windows") String metricWindows,
    @DefaultValue("ai.provider.health") String providerHealth,
    @DefaultValue("ai.blocks") String blocks,
    @DefaultValue("ai.audit") String audit) {

  public static TopicNames defaults() {
    return new TopicNames("ai.requests.route", "ai.replies", "ai.metrics", "ai.metrics.windows", "ai.provider.health", "ai.blocks",
        "ai.audit");
  }
}
