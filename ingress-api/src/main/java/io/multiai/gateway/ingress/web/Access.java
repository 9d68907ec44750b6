package io.multiai.gateway.ingress.web;

/** Who may call an endpoint. */
public enum Access {
  /** Anyone; a key, when sent, must still be valid (load-balancer health checks send none). */
  PUBLIC,
  /** Any valid key. */
  CLIENT,
  /** A key with the admin role. */
  ADMIN,
  /**
   * No key, or an admin key: the operator console's files. A browser sends no key when it navigates
   * to the page (which holds no data and then calls the admin API with the key the operator enters),
   * while a caller presenting a client key is refused as on every other /admin path.
   */
  ANONYMOUS_OR_ADMIN
}
