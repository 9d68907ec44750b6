package io.multiai.gateway.ingress.web;

import java.util.Map;


/**
 * Who a valid key belongs to. Several keys may share a client id (rotation): limits and blocks
 * follow the client, not the key.
 *
 * @param limits per-minute limits overriding the defaults for this client
 */
public record ClientIdentity(String clientId, Role role, Map<EndpointClass, Long> limits) {

  public ClientIdentity {
    limits = Map.copyOf(limits);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
