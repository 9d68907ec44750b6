package io.multiai.gateway.router.routing;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;

/**
 * The routing table: for each complexity and cost priority, the models to try in order (the first
 * is preferred, the rest are the fallback chain). Defaults in {@code router-worker.yml}.
 */
@ConfigurationProperties("gateway.routing")
public record RoutingProperties(
    Map<Complexity, Map<CostPriority, List<String>>> table,
    @DefaultValue("400") int mediumLength,
    @DefaultValue("2000") int highLength) {}
