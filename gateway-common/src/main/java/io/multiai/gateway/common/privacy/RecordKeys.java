package io.multiai.gateway.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that encrypt record values on the ephemeral topics: one current key that encrypts,
 * and every configured key (the current one included) that decrypts. Rotation: add the new key, make
 * it current on every service, and remove the old one once nothing written with it is still needed
 * (records on the ephemeral topics live about an hour; see README, Privacy).
 *
 * <p>Key ids travel in a record header and in the cipher's associated data, so they are restricted to
 * {@code [a-z0-9-]{1,32}}: never text, and the same after Spring's relaxed binding of map keys.
 */
public final class RecordKeys {

  /** The id of the built-in development key, used when no key is configured. */
  public static final String DEVELOPMENT_KEY_ID = "local-development";

  private static final Pattern KEY_ID = Pattern.compile("[a-z0-9-]{1,32}");

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private RecordKeys(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = Map.copyOf(keys);
  }

  /**
   * The configured keys, or the development key when none are.
   *
   * @throws IllegalArgumentException naming the offending key id (never its value) when an id is malformed,
   *     a value is not base64 of 32 bytes, or the current id is missing, ambiguous or not among the keys
   */
  public static RecordKeys of(PrivacyProperties privacy) {
    if (privacy.recordKeys().isEmpty()) {
      if (privacy.recordKeyCurrent() != null && !privacy.recordKeyCurrent().isBlank()
          && !DEVELOPMENT_KEY_ID.equals(privacy.recordKeyCurrent().strip())) {
        throw new IllegalArgumentException("gateway.privacy.record-key-current is '" + privacy.recordKeyCurrent().strip()
            + "' but no gateway.privacy.record-keys are configured");
      }
      return development();
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    privacy.recordKeys().forEach((id, value) -> keys.put(validId(id), aesKey(id, value)));
    String current = privacy.recordKeyCurrent() == null || privacy.recordKeyCurrent().isBlank() ? null
        : privacy.recordKeyCurrent().strip();
    if (current == null) {
      if (keys.size() != 1) {
        throw new IllegalArgumentException(
            "gateway.privacy.record-key-current must name the encrypting key among " + keys.keySet());
      }
      current = keys.keySet().iterator().next();
    }
    if (!keys.containsKey(current)) {
      throw new IllegalArgumentException(
          "gateway.privacy.record-key-current '" + current + "' is not among the configured record keys " + keys.keySet());
    }
    return new RecordKeys(current, keys);
  }

  /**
   * A fixed key derived from a public string: it keeps a local stack (and tests written against one)
   * working without configuration, and protects nothing. Services log a warning when they use it.
   */
  public static RecordKeys development() {
    try {
      byte[] key = MessageDigest.getInstance("SHA-256")
          .digest("multi-ai-gateway local development record key".getBytes(StandardCharsets.UTF_8));
      return new RecordKeys(DEVELOPMENT_KEY_ID, Map.of(DEVELOPMENT_KEY_ID, new SecretKeySpec(key, "AES")));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Keys given directly (tests, tools): id → 32 key bytes. */
  public static RecordKeys of(String currentId, Map<String, byte[]> keys) {
    Map<String, SecretKey> specs = new LinkedHashMap<>();
    keys.forEach((id, bytes) -> specs.put(validId(id), aesKey(id, bytes)));
    if (!specs.containsKey(currentId)) {
      throw new IllegalArgumentException("current key id '" + currentId + "' is not among " + specs.keySet());
    }
    return new RecordKeys(currentId, specs);
  }

  public boolean isDevelopment() {
    return DEVELOPMENT_KEY_ID.equals(currentId) && keys.size() == 1;
  }

  public String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  /** The key with this id, or null when it is not configured here. */
  SecretKey find(String id) {
    return id == null ? null : keys.get(id);
  }

  /** Every id that decrypts, the current one included. */
  public Set<String> ids() {
    return keys.keySet();
  }

  /** Whether the string has the shape of a key id; anything else in a header is not echoed into errors. */
  static boolean isWellFormedId(String id) {
    return id != null && KEY_ID.matcher(id).matches();
  }

  private static String validId(String id) {
    if (!isWellFormedId(id)) {
      throw new IllegalArgumentException("record key id '" + id + "' must match " + KEY_ID.pattern());
    }
    return id;
  }

  private static SecretKey aesKey(String id, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("record key '" + id + "' is not base64 (make one with: openssl rand -base64 32)");
    }
    return aesKey(id, bytes);
  }

  private static SecretKey aesKey(String id, byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("record key '" + id + "' has " + bytes.length
          + " bytes; AES-256 needs 32 (make one with: openssl rand -base64 32)");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  @Override
  public String toString() {
    return "RecordKeys[current=" + currentId + ", ids=" + keys.keySet() + "]";
  }
}
