package io.multiai.gateway.ingress.ratelimit;

import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.web.EndpointClass;

/** A caller's per-minute limit for an endpoint class: its key's own, else the configured default. */
public final class ClientLimits {

  private final RateLimitProperties defaults;

  public ClientLimits(RateLimitProperties defaults) {
    this.defaults = defaults;
  }

  public long perMinute(ClientIdentity identity, EndpointClass endpoint) {
    if (identity != null) {
      Long own = identity.limits().get(endpoint);
      if (own != null) {
        return own;
      }
    }
    return defaults.perMinute(endpoint);
  }
}
