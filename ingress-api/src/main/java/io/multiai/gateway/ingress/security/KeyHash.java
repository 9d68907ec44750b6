package io.multiai.gateway.ingress.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stored form of a key: {@code sha256:<hex>}. API keys are long random strings, not passwords,
 * so a fast unsalted digest is safe (nothing to brute-force) and costs about a microsecond per
 * request, where a password hash would cost milliseconds on every call.
 */
public final class KeyHash {

  public static final String PREFIX = "sha256:";

  private KeyHash() {}

  public static String of(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The canonical form of a configured hash, or an exception naming the entry (never the value). */
  public static String parse(String entry, String configured) {
    String value = configured == null ? "" : configured.strip().toLowerCase(Locale.ROOT);
    if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + 64
        || !value.substring(PREFIX.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("key entry '" + entry + "': hash must be sha256:<64 hex digits>");
    }
    return value;
  }

  /** Prints the hash of a key for configuration: {@code java ... KeyHash <key>}. */
  public static void main(String[] args) {
    System.out.println(of(args[0]));
  }
}
