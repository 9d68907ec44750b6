package io.multiai.gateway.router.routing;

import java.util.List;

import io.multiai.gateway.common.provider.ProviderId;
import io.multiai.gateway.schemas.Complexity;

/** The models to try for one request, in order. */
public record Route(Complexity complexity, List<Candidate> candidates) {

  public record Candidate(String model, ProviderId provider) {}
}
