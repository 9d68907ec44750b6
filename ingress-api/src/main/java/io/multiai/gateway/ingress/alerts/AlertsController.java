package io.multiai.gateway.ingress.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.multiai.gateway.schemas.Alert;

/** GET /api/ai/alerts: the alerts firing now and the latest state changes, newest first. */
@RestController
class AlertsController {

  private final AlertLog alerts;

  AlertsController(AlertLog alerts) {
    this.alerts = alerts;
  }

  @GetMapping("/api/ai/alerts")
  Map<String, Object> alerts() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("active", alerts.active().stream().map(AlertsController::json).toList());
    body.put("recent", alerts.recent().stream().map(AlertsController::json).toList());
    return body;
  }

  static Map<String, Object> json(Alert alert) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rule", alert.getRule());
    json.put("state", alert.getState().name());
    json.put("severity", alert.getSeverity());
    json.put("action", alert.getAction());
    json.put("metric", alert.getMetric());
    json.put("comparison", alert.getComparison());
    json.put("value", alert.getValue());
    json.put("threshold", alert.getThreshold());
    json.put("window", Duration.ofMillis(alert.getWindowMs()).toString());
    json.put("samples", alert.getSamples());
    json.put("model", alert.getModel());
    json.put("time", Instant.ofEpochMilli(alert.getTimestampMs()).toString());
    return json;
  }
}
