package io.multiai.gateway.router.routing;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.schemas.Complexity;

/**
 * The models to try for one request, in order, and the context window of each (tokens, from the model
 * catalog) where it is known: a model that says the input is too long is followed only by models that
 * can take more.
 */
public record Route(Complexity complexity, List<Candidate> candidates, Map<String, Long> contextWindows) {

  public Route {
    candidates = List.copyOf(candidates);
    contextWindows = Map.copyOf(contextWindows);
  }

  public Route(Complexity complexity, List<Candidate> candidates) {
    this(complexity, candidates, Map.of());
  }

  /** Empty when the catalog does not know the model's window. */
  public OptionalLong contextWindow(String model) {
    Long window = contextWindows.get(model);
    return window == null ? OptionalLong.empty() : OptionalLong.of(window);
  }

  public record Candidate(String model, ProviderId provider) {}
}
