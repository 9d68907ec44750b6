package io.multiai.gateway.ingress.web;

import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.ingress.web.ClientIdentity;

/**
 * What the edge filters learn about a request, kept on the exchange for the filters and handlers
 * after them: computed once per request.
 */
public final class EdgeAttributes {

  private static final String PREFIX = EdgeAttributes.class.getName() + ".";
  public static final String ENDPOINT = PREFIX + "endpoint";
  public static final String CLIENT_IP = PREFIX + "clientIp";
  public static final String IDENTITY = PREFIX + "identity";
  public static final String RATE_DECISION = PREFIX + "rateDecision";
  public static final String RECEIVED_NANOS = PREFIX + "receivedNanos";

  private EdgeAttributes() {}

  /** When the first edge filter saw the request (System.nanoTime), or now if none did. */
  public static long receivedNanos(ServerWebExchange exchange) {
    Long received = exchange.getAttribute(RECEIVED_NANOS);
    return received == null ? System.nanoTime() : received;
  }

  public static Endpoint endpoint(ServerWebExchange exchange) {
    Endpoint endpoint = exchange.getAttribute(ENDPOINT);
    if (endpoint == null) {
      endpoint = EndpointRules.classify(exchange.getRequest().getPath());
      exchange.getAttributes().put(ENDPOINT, endpoint);
    }
    return endpoint;
  }

  /** The caller's address (after trusted proxies), or "unknown". */
  public static String clientIp(ServerWebExchange exchange) {
    String ip = exchange.getAttribute(CLIENT_IP);
    return ip == null ? "unknown" : ip;
  }

  /** The caller's key identity, or null when no key was sent (or auth is off). */
  public static ClientIdentity identity(ServerWebExchange exchange) {
    return exchange.getAttribute(IDENTITY);
  }

  /** Who the caller is for limits and blocks: its key's client id, else its IP. */
  public static String subject(ServerWebExchange exchange) {
    ClientIdentity identity = identity(exchange);
    return identity != null ? "client:" + identity.clientId() : "ip:" + clientIp(exchange);
  }

  /** The actor of audit events: the key's client, or anonymous. */
  public static String actor(ServerWebExchange exchange) {
    ClientIdentity identity = identity(exchange);
    return identity != null ? "client:" + identity.clientId() : "anonymous";
  }
}
