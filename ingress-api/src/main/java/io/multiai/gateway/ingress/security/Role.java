package io.multiai.gateway.ingress.security;

/** What a key may do: clients call the API, admins also the admin endpoints. */
public enum Role {
  CLIENT, ADMIN
}
