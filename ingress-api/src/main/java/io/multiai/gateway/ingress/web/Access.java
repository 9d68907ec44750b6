package io.multiai.gateway.ingress.web;

/** Who may call an endpoint. */
public enum Access {
  /** Anyone; a key, when sent, must still be valid (load-balancer health checks send none). */
  PUBLIC,
  /** Any valid key. */
  CLIENT,
  /** A key with the admin role. */
  ADMIN
}
