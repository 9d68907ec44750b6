package io.multiai.gateway.ingress.web;

/** What a key may do: clients call the API, admins also the admin endpoints. */
public enum Role {
  CLIENT, ADMIN
}
