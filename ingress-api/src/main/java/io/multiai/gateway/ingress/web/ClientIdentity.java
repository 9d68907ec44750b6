package io.multiai.gateway.ingress.web;

import java.util.Map;


/**
 * Who a valid key belongs to. Several keys may share a client id (rotation): limits and blocks
 * follow the client, not the key.
 *
 * @param limits per-minute limits overriding the defaults for this client
 * @param budget the spend budget in the key's entry, or null (all keys of a client should agree; the first found wins)
 */
public record ClientIdentity(String clientId, Role role, Map<EndpointClass, Long> limits, ClientBudget budget) {

  public ClientIdentity {
    limits = Map.copyOf(limits);
  }

  public ClientIdentity(String clientId, Role role, Map<EndpointClass, Long> limits) {
    this(clientId, role, limits, null);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
