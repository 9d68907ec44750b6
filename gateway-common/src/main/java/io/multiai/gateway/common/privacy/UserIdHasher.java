package io.multiai.gateway.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA256) of a user id, applied before the id enters any topic: the same user maps
 * to the same hash across services and restarts, but the id cannot be recovered without the secret.
 */
public final class UserIdHasher {

  private final SecretKeySpec key;

  public UserIdHasher(String secret) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("gateway.privacy.user-id-secret must be at least 16 characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String hash(String userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
