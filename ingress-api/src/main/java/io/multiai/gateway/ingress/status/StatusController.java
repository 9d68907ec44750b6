package io.multiai.gateway.ingress.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.ingress.budgets.BudgetService;
import io.multiai.gateway.ingress.ratelimit.RateLimitStatus;
import io.multiai.gateway.ingress.security.SecurityProperties;
import io.multiai.gateway.ingress.settings.IngressProperties;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.schemas.ModelHealth;
import reactor.core.publisher.Mono;

/**
 * GET /api/ai/status: the operator guide's shape. A provider is {@code true} while any of its models
 * can be called; a model the workers found unusable (an invalid API key, an open circuit) shows why.
 * Always 200 while this instance serves, so a load balancer keeps it; {@code status} says
 * {@code degraded} when no router worker is alive.
 *
 * <p>Fleet view: every worker reports each model under its own key ({@code model@worker}). A model is
 * unavailable while any worker's current report says so (an open circuit on one worker is evidence
 * the model is failing); the detail says on how many of the reporting workers, and the earliest time
 * a probe is due. Reports of unavailability older than {@code gateway.ingress.health-ttl} are ignored:
 * workers repeat them every minute, so only a worker that died without deleting them goes stale.
 */
@RestController
class StatusController {

  private final AgentMonitor agents;
  private final ProvidersProperties providers;
  private final CompactedTopicView<ModelHealth> health;
  private final Clock clock;
  private final Duration healthTtl;
  private final RateLimitStatus rateLimits;
  private final BudgetService budgets;
  private final boolean authEnabled;

  StatusController(AgentMonitor agents, ProvidersProperties providers, CompactedTopicView<ModelHealth> health, Clock clock,
      IngressProperties properties, RateLimitStatus rateLimits, BudgetService budgets, SecurityProperties security) {
    this.budgets = budgets;
    this.authEnabled = security.authEnabled();
    this.agents = agents;
    this.providers = providers;
    this.health = health;
    this.clock = clock;
    this.healthTtl = properties.healthTtl();
    this.rateLimits = rateLimits;
  }

  /**
   * The body below plus {@code rateLimit}: the calling client's buckets; and {@code budgets}: its client's budget
   * (every budget for an admin key, and for everyone when authentication is off) with limit, spent, reserved, remaining, period and reset time.
   */
  @GetMapping("/api/ai/status")
  Mono<Map<String, Object>> status(ServerWebExchange exchange) {
    return Mono.zip(status(), rateLimits.of(exchange), budgets.statusOf(EdgeAttributes.identity(exchange), !authEnabled)
        // The status page is the health check too: a ledger that can not be read must not fail it.
        .onErrorResume(e -> Mono.just(List.of()))).map(all -> {
      all.getT1().put("rateLimit", all.getT2());
      all.getT1().put("budgets", all.getT3());
      return all.getT1();
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
      Map<String, List<ModelHealth>> seen = currentReportsByModel();
      Map<String, Boolean> models = new LinkedHashMap<>();
      Map<String, Object> details = new LinkedHashMap<>();
      for (ProviderId provider : ProviderId.values()) {
        ProviderSettings settings = providers.of(provider);
        Map<String, Object> modelStates = new LinkedHashMap<>();
        boolean anyAvailable = false;
        for (String model : new LinkedHashSet<>(List.of(settings.cheapModel(), settings.strongModel()))) {
          List<ModelHealth> reports = seen.getOrDefault(model, List.of());
          List<ModelHealth> unavailable = reports.stream().filter(r -> !r.getAvailable())
              .sorted(Comparator.comparingLong(ModelHealth::getUpdatedAtMs)).toList();
          boolean available = unavailable.isEmpty();
          anyAvailable |= available;
          Map<String, Object> modelState = new LinkedHashMap<>();
          modelState.put("available", available);
          if (!available) {
            ModelHealth first = unavailable.get(0);
            modelState.put("reason", first.getReason());
            modelState.put("since", Instant.ofEpochMilli(first.getUpdatedAtMs()).toString());
            modelState.put("unavailableOn", unavailable.size() + " of " + reports.size() + " reporting workers");
            unavailable.stream().map(ModelHealth::getCircuitState).filter(Objects::nonNull).findFirst()
                .ifPresent(circuit -> modelState.put("circuit", circuit.toLowerCase(Locale.ROOT)));
            unavailable.stream().map(ModelHealth::getRetryAtMs).filter(Objects::nonNull).min(Long::compare)
                .ifPresent(at -> modelState.put("retryAt", Instant.ofEpochMilli(at).toString()));
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

  /** Every worker's current report per model; stale reports of unavailability left out. */
  private Map<String, List<ModelHealth>> currentReportsByModel() {
    long staleBefore = clock.millis() - healthTtl.toMillis();
    Map<String, List<ModelHealth>> byModel = new HashMap<>();
    for (ModelHealth report : health.snapshot().values()) {
      if (!report.getAvailable() && report.getUpdatedAtMs() < staleBefore) {
        continue;
      }
      byModel.computeIfAbsent(report.getModel(), m -> new ArrayList<>()).add(report);
    }
    return byModel;
  }

  private static String state(boolean active) {
    return active ? "active" : "inactive";
  }
}
