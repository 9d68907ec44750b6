package io.multiai.gateway.ingress.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.provider.ProviderId;
import io.multiai.gateway.common.provider.ProviderSettings;
import io.multiai.gateway.common.provider.ProvidersProperties;
import io.multiai.gateway.ingress.ratelimit.RateLimitStatus;
import io.multiai.gateway.schemas.ModelHealth;
import reactor.core.publisher.Mono;

/**
 * GET /api/ai/status: the operator guide's shape. A provider is {@code true} while any of its models
 * can be called; a model the workers found unusable (an invalid API key, say) shows why. Always 200 while this instance serves, so a load
 * balancer keeps it; {@code status} says {@code degraded} when no router worker is alive.
 */
@RestController
class StatusController {

  private final AgentMonitor agents;
  private final ProvidersProperties providers;
  private final CompactedTopicView<ModelHealth> health;
  private final RateLimitStatus rateLimits;

  StatusController(AgentMonitor agents, ProvidersProperties providers, CompactedTopicView<ModelHealth> health,
      RateLimitStatus rateLimits) {
    this.agents = agents;
    this.providers = providers;
    this.health = health;
    this.rateLimits = rateLimits;
  }

  /** The body below plus {@code rateLimit}: the calling client's buckets. */
  @GetMapping("/api/ai/status")
  Mono<Map<String, Object>> status(ServerWebExchange exchange) {
    return Mono.zip(status(), rateLimits.of(exchange)).map(both -> {
      both.getT1().put("rateLimit", both.getT2());
      return both.getT1();
    });
  }

  private Mono<Map<String, Object>> status() {
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
      Map<String, ModelHealth> seen = health.snapshot();
      Map<String, Boolean> models = new LinkedHashMap<>();
      Map<String, Object> details = new LinkedHashMap<>();
      for (ProviderId provider : ProviderId.values()) {
        ProviderSettings settings = providers.of(provider);
        Map<String, Object> modelStates = new LinkedHashMap<>();
        boolean anyAvailable = false;
        for (String model : new LinkedHashSet<>(List.of(settings.cheapModel(), settings.strongModel()))) {
          ModelHealth state = seen.get(model);
          boolean available = state == null || state.getAvailable();
          anyAvailable |= available;
          Map<String, Object> modelState = new LinkedHashMap<>();
          modelState.put("available", available);
          if (!available) {
            modelState.put("reason", state.getReason());
            modelState.put("since", Instant.ofEpochMilli(state.getUpdatedAtMs()).toString());
          }
          modelStates.put(model, modelState);
        }
        models.put(provider.wireName(), anyAvailable);
        Map<String, Object> providerState = new LinkedHashMap<>();
        providerState.put("available", anyAvailable);
        providerState.put("mode", settings.live() ? "live" : "simulated");
        providerState.put("models", modelStates);
        details.put(provider.wireName(), providerState);
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
