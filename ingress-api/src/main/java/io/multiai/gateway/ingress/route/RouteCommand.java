package io.multiai.gateway.ingress.route;

import io.multiai.gateway.schemas.CostPriority;

/** A validated /api/ai/route call. */
public record RouteCommand(String query, CostPriority costPriority, String provider, String model, Boolean fallback,
    String userId) {

  @Override
  public String toString() {
    return "RouteCommand[queryChars=" + query.length() + ", costPriority=" + costPriority + ", provider=" + provider
        + ", model=" + model + ", fallback=" + fallback + ", hasUserId=" + (userId != null) + "]";
  }
}
