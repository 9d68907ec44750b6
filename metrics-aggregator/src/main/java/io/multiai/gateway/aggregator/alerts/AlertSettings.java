package io.multiai.gateway.aggregator.alerts;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert rules and where alerts are sent. The default rules (in metrics-aggregator.yml) are the
 * operator guide's.
 */
@ConfigurationProperties("gateway.alerts")
public record AlertSettings(@DefaultValue List<AlertRule> rules, @DefaultValue Webhook webhook) {

  /**
   * @param url a Slack-compatible incoming webhook; blank disables notifications (alerts still go to
   *     the topic and /api/ai/alerts)
   * @param attempts tries per alert before it is given up (and counted)
   * @param backoff the first retry's delay, doubled at each further one
   * @param maxAge alerts older than this when read are not sent (a new consumer group would otherwise
   *     replay the topic's week)
   */
  public record Webhook(
      @DefaultValue("") String url,
      @DefaultValue("5") int attempts,
      @DefaultValue("500ms") Duration backoff,
      @DefaultValue("5s") Duration timeout,
      @DefaultValue("1h") Duration maxAge) {

    public boolean enabled() {
      return url != null && !url.isBlank();
    }
  }

  /** The operator guide's rules, for code that runs without Spring (tests, the benchmark). */
  public static List<AlertRule> defaultRules(double dailyBudgetUsd) {
    return List.of(
        new AlertRule("success_rate_low", AlertMetric.SUCCESS_RATE, Duration.ofMinutes(5), false, Comparison.LESS_THAN,
            0.90, 10, "critical", "page_oncall", false),
        new AlertRule("daily_cost_over_budget", AlertMetric.COST_USD, Duration.ofDays(1), true, Comparison.GREATER_THAN,
            dailyBudgetUsd, 1, "warning", "notify_admin", false),
        new AlertRule("average_latency_high", AlertMetric.AVERAGE_LATENCY_MS, Duration.ofMinutes(5), false,
            Comparison.GREATER_THAN, 5000, 10, "warning", "log_alert", false));
  }
}
