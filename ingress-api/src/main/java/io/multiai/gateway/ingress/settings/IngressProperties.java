package io.multiai.gateway.ingress.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param replyTimeout how long a caller waits for a worker's answer before a 504
 * @param replyPartition the partition of the reply topic this instance reads; -1 reads all of them
 *     and keeps only its own replies (simple, but every instance then reads every reply; give each
 *     instance its own partition when running many)
 * @param healthTtl a worker's report that a model is unavailable counts this long after it was last
 *     published (workers repeat such reports every minute), so a worker that died without deleting its
 *     reports stops marking models unavailable
 * @param dailyBudget USD per UTC day; the same {@code AI_DAILY_BUDGET} the aggregator's
 *     {@code daily_cost_over_budget} rule fires on, shown beside today's cost by the analytics summary
 */
@ConfigurationProperties("gateway.ingress")
public record IngressProperties(
    @DefaultValue("30s") Duration replyTimeout,
    @DefaultValue("-1") int replyPartition,
    @DefaultValue Agents agents,
    @DefaultValue("3m") Duration healthTtl,
    @DefaultValue("100") double dailyBudget,
    /* How long a request waits for Kafka to acknowledge it before a 503 (broker down); see ReplyCorrelator. */
    @DefaultValue("1s") Duration publishTimeout) {

  /** Consumer groups whose live members show that an agent is running. */
  public record Agents(
      @DefaultValue("router-worker") String routerGroup,
      @DefaultValue("ensemble-worker") String ensembleGroup,
      @DefaultValue("metrics-aggregator") String aggregatorGroup,
      @DefaultValue("2s") Duration cacheFor) {}
}
