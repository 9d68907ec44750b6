package io.multiai.gateway.ingress.status;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.multiai.gateway.common.provider.ProviderId;
import io.multiai.gateway.common.provider.ProviderSettings;
import io.multiai.gateway.common.provider.ProvidersProperties;
import reactor.core.publisher.Mono;

/**
 * GET /api/ai/status: the operator guide's shape. Always 200 while this instance serves, so a load
 * balancer keeps it; {@code status} says {@code degraded} when no router worker is alive.
 */
@RestController
class StatusController {

  private final AgentMonitor agents;
  private final ProvidersProperties providers;

  StatusController(AgentMonitor agents, ProvidersProperties providers) {
    this.agents = agents;
    this.providers = providers;
  }

  @GetMapping("/api/ai/status")
  Mono<Map<String, Object>> status() {
    return agents.active().map(active -> {
      Map<String, Object> body = new LinkedHashMap<>();
      boolean routing = active.getOrDefault(AgentMonitor.Agent.ROUTER, false);
      body.put("status", routing ? "operational" : "degraded");
      Map<String, String> agentStates = new LinkedHashMap<>();
      agentStates.put("orchestrator", "active");
      agentStates.put("router", state(routing));
      agentStates.put("ensemble", state(active.getOrDefault(AgentMonitor.Agent.ENSEMBLE, false)));
      agentStates.put("aggregator", state(active.getOrDefault(AgentMonitor.Agent.AGGREGATOR, false)));
      body.put("agents", agentStates);
      Map<String, Boolean> models = new LinkedHashMap<>();
      Map<String, Object> details = new LinkedHashMap<>();
      for (ProviderId provider : ProviderId.values()) {
        ProviderSettings settings = providers.of(provider);
        models.put(provider.wireName(), true);
        details.put(provider.wireName(), Map.of(
            "available", true,
            "mode", settings.live() ? "live" : "simulated",
            "models", java.util.List.of(settings.cheapModel(), settings.strongModel())));
      }
      body.put("models", models);
      body.put("providers", details);
      return body;
    });
  }

  private static String state(boolean active) {
    return active ? "active" : "inactive";
  }
}
