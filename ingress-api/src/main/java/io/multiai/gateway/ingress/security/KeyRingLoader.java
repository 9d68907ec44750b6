package io.multiai.gateway.ingress.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.ConfigTreePropertySource;

import io.multiai.gateway.ingress.budgets.BudgetAction;
import io.multiai.gateway.ingress.budgets.BudgetDefinition;
import io.multiai.gateway.ingress.budgets.BudgetId;
import io.multiai.gateway.ingress.budgets.BudgetPeriod;
import io.multiai.gateway.ingress.web.ClientBudget;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.web.EndpointClass;
import io.multiai.gateway.ingress.web.Role;

/**
 * Builds a {@link KeyRing} from the configured entries plus the secret files of the keys directory
 * (read with Spring's config-tree reader, the same one {@code configtree:} imports use). Any invalid
 * entry fails the whole load: a half-applied key set is worse than keeping the previous one.
 */
public final class KeyRingLoader {

  private final Map<String, SecurityProperties.KeyEntry> configured;
  private final Path keysDir;

  public KeyRingLoader(SecurityProperties properties) {
    this.configured = properties.keys();
    this.keysDir = properties.keysDir();
  }

  public KeyRing load() {
    Map<String, SecurityProperties.KeyEntry> entries = new HashMap<>(configured);
    entries.putAll(fromDirectory());
    Map<String, ClientIdentity> byHash = new HashMap<>();
    entries.forEach((name, entry) -> {
      String hash = KeyHash.parse(name, entry.hash());
      ClientIdentity previous = byHash.put(hash, identity(name, entry));
      if (previous != null && !previous.equals(byHash.get(hash))) {
        throw new IllegalArgumentException("key entry '" + name + "': the same key is configured for two clients");
      }
    });
    return new KeyRing(byHash);
  }

  private Map<String, SecurityProperties.KeyEntry> fromDirectory() {
    if (keysDir == null || !Files.isDirectory(keysDir)) {
      return Map.of();
    }
    ConfigTreePropertySource tree = new ConfigTreePropertySource("gateway-keys", keysDir, ConfigTreePropertySource.Option.AUTO_TRIM_TRAILING_NEW_LINE);
    return new Binder(ConfigurationPropertySources.from(tree))
        .bind("", Bindable.mapOf(String.class, SecurityProperties.KeyEntry.class))
        .orElse(Map.of());
  }

  private static ClientIdentity identity(String name, SecurityProperties.KeyEntry entry) {
    if (entry.clientId() == null || entry.clientId().isBlank()) {
      throw new IllegalArgumentException("key entry '" + name + "': client-id is required");
    }
    Role role;
    try {
      role = Role.valueOf(entry.role().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key entry '" + name + "': role must be client or admin");
    }
    Map<EndpointClass, Long> limits = new EnumMap<>(EndpointClass.class);
    entry.limits().forEach((endpoint, perMinute) -> {
      try {
        limits.put(EndpointClass.valueOf(endpoint.strip().toUpperCase(Locale.ROOT)), perMinute);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key entry '" + name + "': unknown limit '" + endpoint + "'");
      }
      if (perMinute <= 0) {
        throw new IllegalArgumentException("key entry '" + name + "': limit " + endpoint + " must be positive");
      }
    });
    return new ClientIdentity(entry.clientId().strip(), role, limits, budget(name, entry.budget()));
  }

  private static ClientBudget budget(String name, SecurityProperties.Budget budget) {
    if (budget == null || budget.limitUsd() == null) {
      return null;
    }
    try {
      BudgetDefinition checked = new BudgetDefinition(BudgetId.GATEWAY, BudgetPeriod.parse(budget.period()), budget.limitUsd(),
          BudgetAction.parse(budget.action()), "key");
      return new ClientBudget(checked.period().wireName(), checked.limitUsd(), checked.action().wireName());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key entry '" + name + "': budget: " + e.getMessage());
    }
  }
}
