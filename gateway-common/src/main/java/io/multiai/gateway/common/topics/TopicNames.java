package io.multiai.gateway.common.topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Topic names, configurable per deployment; the defaults are the design brief's. */
@ConfigurationProperties("gateway.topics")
public record TopicNames(
    @DefaultValue("ai.requests.route") String requestsRoute,
    @DefaultValue("ai.requests.ensemble") String requestsEnsemble,
    @DefaultValue("ai.replies") String replies,
    @DefaultValue("ai.metrics") String metrics,
    @DefaultValue("ai.metrics.windows") String metricWindows,
    @DefaultValue("ai.provider.health") String providerHealth,
    @DefaultValue("ai.alerts") String alerts,
    @DefaultValue("ai.audit") String audit,
    @DefaultValue("ai.users.metrics") String userMetrics,
    @DefaultValue("ai.users.erasure") String userErasures,
    @DefaultValue("ai.blocks") String blocks,
    @DefaultValue("ai.requests.cancel") String requestsCancel,
    @DefaultValue("ai.requests.batch") String requestsBatch,
    @DefaultValue("ai.batch.results") String batchResults,
    @DefaultValue("ai.batch.jobs") String batchJobs,
    @DefaultValue("ai.batch.status") String batchStatus) {

  public static TopicNames defaults() {
    return new TopicNames("ai.requests.route", "ai.requests.ensemble", "ai.replies", "ai.metrics", "ai.metrics.windows",
        "ai.provider.health", "ai.alerts", "ai.audit", "ai.users.metrics", "ai.users.erasure", "ai.blocks", "ai.requests.cancel",
        "ai.requests.batch", "ai.batch.results", "ai.batch.jobs", "ai.batch.status");
  }
}
