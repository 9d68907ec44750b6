package io.multiai.gateway.router.routing;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;

/** Complexity × cost priority → ordered model chain, checked complete at start-up. */
public final class RoutingTable {

  private final Map<Complexity, Map<CostPriority, List<String>>> chains = new EnumMap<>(Complexity.class);

  public RoutingTable(Map<Complexity, Map<CostPriority, List<String>>> table, ModelCatalog catalog) {
    for (Complexity complexity : Complexity.values()) {
      Map<CostPriority, List<String>> row = table == null ? null : table.get(complexity);
      Map<CostPriority, List<String>> copy = new EnumMap<>(CostPriority.class);
      for (CostPriority priority : CostPriority.values()) {
        List<String> chain = row == null ? null : row.get(priority);
        if (chain == null || chain.isEmpty()) {
          throw new IllegalArgumentException("gateway.routing.table." + complexity + "." + priority + " is missing");
        }
        chain.stream().filter(model -> catalog.providerOf(model).isEmpty()).findFirst().ifPresent(model -> {
          throw new IllegalArgumentException("gateway.routing.table." + complexity + "." + priority
              + " names " + model + ", which belongs to no known provider");
        });
        copy.put(priority, List.copyOf(chain));
      }
      chains.put(complexity, copy);
    }
  }

  public List<String> chain(Complexity complexity, CostPriority priority) {
    return chains.get(complexity).get(priority);
  }
}
