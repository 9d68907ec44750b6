package io.multiai.gateway.ingress.security;

import java.util.Map;

import io.multiai.gateway.ingress.web.ClientIdentity;

/** The valid keys at one moment, by hash: immutable, swapped whole on reload. */
public record KeyRing(Map<String, ClientIdentity> byHash) {

  public static final KeyRing EMPTY = new KeyRing(Map.of());

  public KeyRing {
    byHash = Map.copyOf(byHash);
  }

  /** The identity of a presented key, or null. */
  public ClientIdentity find(String presentedKey) {
    return byHash.get(KeyHash.of(presentedKey));
  }

  public int size() {
    return byHash.size();
  }
}
