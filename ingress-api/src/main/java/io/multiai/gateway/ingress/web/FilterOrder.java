package io.multiai.gateway.ingress.web;

import org.springframework.core.Ordered;

/**
 * The order of the edge filters: cheap refusals first, so an abusive caller costs as little as
 * possible, and CORS before authentication, because a browser's preflight carries no key.
 */
public final class FilterOrder {

  public static final int SECURITY_HEADERS = Ordered.HIGHEST_PRECEDENCE;
  /** gateway-common's path firewall: a path no handler should see is refused before anything else. */
  public static final int PATH_FIREWALL = io.multiai.gateway.common.web.PathFirewallFilter.ORDER;
  public static final int CORS = SECURITY_HEADERS + 10;
  public static final int CLIENT_ADDRESS = CORS + 10;
  public static final int IP_BLOCK = CLIENT_ADDRESS + 10;
  public static final int AUTHENTICATION = IP_BLOCK + 10;
  public static final int CLIENT_BLOCK = AUTHENTICATION + 10;
  public static final int RATE_LIMIT = CLIENT_BLOCK + 10;
  public static final int BODY_SIZE = RATE_LIMIT + 10;

  private FilterOrder() {}
}
