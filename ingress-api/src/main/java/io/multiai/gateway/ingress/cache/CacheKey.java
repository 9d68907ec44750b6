package io.multiai.gateway.ingress.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The response-cache key of a call: a SHA-256 over everything that can change the answer, and over
 * who may see it, so that two calls share an entry only when the same caller asked exactly the same.
 *
 * <ul>
 *   <li><b>Scope</b> first: the client that paid for the answer ({@code client:<id>}, or {@code ip:<addr>}
 *       without a key) unless the operator chose one shared scope, then the user id (hashed upstream)
 *       when one is given. One client can never read another's cached answer, nor learn what it asked.
 *   <li><b>The query text byte for byte</b>: no trimming, no whitespace collapsing, no case folding, no
 *       Unicode normalisation. Indentation is meaning in code, and even NFC, which is meant to preserve
 *       meaning, maps singletons such as U+212A KELVIN SIGN or the CJK compatibility ideographs to other
 *       characters; a missed hit costs one provider call, a wrong hit serves a wrong answer.
 *   <li>Every parameter the caller set that routing or generation reads (cost priority, pins,
 *       fallback; for the OpenAI edge, every generation parameter), each named.
 * </ul>
 *
 * <p>Fields are written length-prefixed ({@code name}, then each value as a 4-byte length and its UTF-8
 * bytes, a null as length -1), so no choice of text can make two different field lists hash alike.
 * The key is {@code rc:} and 64 hex digits: no query text ever appears as a cache key, in Redis or
 * anywhere else.
 */
public final class CacheKey {

  /** Looking a digest up by name walks the security providers each time: a clone of one is cheaper. */
  private static final MessageDigest SHA_256;

  static {
    try {
      SHA_256 = MessageDigest.getInstance("SHA-256");
      SHA_256.clone();
    } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private final MessageDigest digest;

  private CacheKey(String scope) {
    try {
      this.digest = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
    field("scope", scope);
  }

  /**
   * Starts a key within a scope: the caller's subject ({@code client:acme}), or a shared scope the
   * operator configured.
   */
  public static CacheKey in(String scope) {
    return new CacheKey(scope);
  }

  /** Adds one named value (null is a value of its own, distinct from the empty string). */
  public CacheKey field(String name, Object value) {
    write(name);
    write(value == null ? null : value.toString());
    return this;
  }

  /** {@code rc:} + the hex SHA-256 of the scope and every field, in the order they were added. */
  public String key() {
    return "rc:" + HexFormat.of().formatHex(digest.digest());
  }

  private void write(String value) {
    if (value == null) {
      digest.update(ByteBuffer.allocate(4).putInt(-1).array());
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
