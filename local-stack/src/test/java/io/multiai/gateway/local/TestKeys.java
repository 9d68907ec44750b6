package io.multiai.gateway.local;

import java.util.LinkedHashMap;
import java.util.Map;

import io.multiai.gateway.ingress.security.KeyHash;

/**
 * The keys the end-to-end stacks accept: the ingress is configured with their hashes, as in
 * production, and test callers send the keys themselves.
 */
final class TestKeys {

  static final String CLIENT = "test-client-key-0123456789abcdef";
  static final String ADMIN = "test-admin-key-0123456789abcdef";

  private TestKeys() {}

  /** Ingress properties accepting {@link #CLIENT} (client id "tests") and {@link #ADMIN} (id "ops"), plus extras. */
  static Map<String, Object> ingress(Map<String, Object> extras) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.putAll(key("tests", "tests", "client", CLIENT));
    properties.putAll(key("ops", "ops", "admin", ADMIN));
    properties.putAll(extras);
    return properties;
  }

  static Map<String, Object> key(String entry, String clientId, String role, String key) {
    String prefix = "gateway.security.keys." + entry + ".";
    return Map.of(prefix + "client-id", clientId, prefix + "role", role, prefix + "hash", KeyHash.of(key));
  }
}
