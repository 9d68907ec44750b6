package io.multiai.gateway.router.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ModelSpec;
import io.multiai.gateway.common.catalog.ModelTier;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * Picks the chain of models for a request: the routing table's chain, or the pinned provider or
 * model first. A pinned model fails over only when the request says {@code fallback: true}; a pinned
 * provider fails over unless it says {@code fallback: false}.
 */
public final class ModelSelector {

  private final ComplexityClassifier classifier;
  private final RoutingTable table;
  private final ModelCatalog catalog;

  public ModelSelector(ComplexityClassifier classifier, RoutingTable table, ModelCatalog catalog) {
    this.classifier = classifier;
    this.table = table;
    this.catalog = catalog;
  }

  public Route select(QueryRequest request) {
    Complexity complexity = classifier.classify(request.getQuery());
    List<String> tableChain = table.chain(complexity, request.getCostPriority());
    Set<String> models = new LinkedHashSet<>();
    boolean fallback;
    if (request.getModel() != null) {
      models.add(request.getModel());
      fallback = Boolean.TRUE.equals(request.getFallback());
    } else if (request.getProvider() != null) {
      ProviderId provider = ProviderId.fromWireName(request.getProvider())
          .orElseThrow(() -> new IllegalArgumentException("unknown provider " + request.getProvider()));
      tableChain.stream().filter(m -> catalog.providerOf(m).orElse(null) == provider).forEach(models::add);
      preferredTierFirst(provider, complexity, request.getCostPriority()).forEach(models::add);
      fallback = !Boolean.FALSE.equals(request.getFallback());
    } else {
      fallback = true;
    }
    if (fallback) {
      models.addAll(tableChain);
    }
    List<Route.Candidate> candidates = new ArrayList<>();
    Map<String, Long> windows = new HashMap<>();
    for (String model : models) {
      ProviderId provider = pinnedProviderFor(request, model);
      candidates.add(new Route.Candidate(model, provider));
      catalog.contextWindow(model).ifPresent(window -> windows.put(model, window));
    }
    return new Route(complexity, candidates, windows);
  }

  private ProviderId pinnedProviderFor(QueryRequest request, String model) {
    if (model.equals(request.getModel()) && request.getProvider() != null) {
      return ProviderId.fromWireName(request.getProvider())
          .orElseThrow(() -> new IllegalArgumentException("unknown provider " + request.getProvider()));
    }
    return catalog.providerOf(model)
        .orElseThrow(() -> new IllegalArgumentException("model " + model + " belongs to no known provider"));
  }

  private List<String> preferredTierFirst(ProviderId provider, Complexity complexity, CostPriority priority) {
    boolean strong = complexity == Complexity.HIGH || priority == CostPriority.QUALITY;
    ModelTier first = strong ? ModelTier.STRONG : ModelTier.CHEAP;
    List<ModelSpec> models = new ArrayList<>(catalog.of(provider));
    models.sort((a, b) -> Boolean.compare(b.tier() == first, a.tier() == first));
    return models.stream().map(ModelSpec::id).toList();
  }
}
