package io.multiai.gateway.aggregator.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;

/**
 * An alert as the JSON body of a Slack incoming webhook: {@code text} (what every Slack-compatible
 * receiver shows), one {@code blocks} section with the same words, and {@code alert} with the fields
 * for receivers that route on them (Slack ignores it).
 */
final class SlackMessage {

  private SlackMessage() {}

  static Map<String, Object> of(Alert alert) {
    String text = text(alert);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.put("blocks", List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text))));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rule", alert.getRule());
    fields.put("state", alert.getState().name());
    fields.put("metric", alert.getMetric());
    fields.put("value", alert.getValue());
    fields.put("threshold", alert.getThreshold());
    fields.put("windowMs", alert.getWindowMs());
    fields.put("model", alert.getModel());
    fields.put("severity", alert.getSeverity());
    fields.put("action", alert.getAction());
    fields.put("time", Instant.ofEpochMilli(alert.getTimestampMs()).toString());
    body.put("alert", fields);
    return body;
  }

  static String text(Alert alert) {
    boolean firing = alert.getState() == AlertState.FIRING;
    String symbol = "less_than".equals(alert.getComparison()) ? "<" : ">";
    return String.format(Locale.ROOT, "%s [%s] %s: %s = %s %s %s over %s (model %s, %d samples) — %s",
        firing ? ":rotating_light: FIRING" : ":white_check_mark: RESOLVED", alert.getSeverity(), alert.getRule(),
        alert.getMetric(), number(alert.getValue()), firing ? symbol : "back within", number(alert.getThreshold()),
        Duration.ofMillis(alert.getWindowMs()).toString().substring(2).toLowerCase(Locale.ROOT), alert.getModel(),
        alert.getSamples(), alert.getAction());
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
