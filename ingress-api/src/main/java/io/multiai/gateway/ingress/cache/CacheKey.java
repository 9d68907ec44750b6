package io.multiai.gateway.ingress.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

import io.multiai.gateway.ingress.route.RouteCommand;

/**
 * What makes two route calls the same question: the normalised query (Unicode NFC, outer whitespace
 * trimmed, inner runs of whitespace collapsed; case is kept, since it can matter in code) plus cost
 * priority and pins. The key is a SHA-256 of that, so the query text never appears as a cache key,
 * in Redis or anywhere else.
 */
public final class CacheKey {

  /** Looking a digest up by name walks the security providers each time: once per thread is enough. */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private CacheKey() {}

  public static String of(RouteCommand command) {
    String material = normalise(command.query()) + '\u0000' + command.costPriority() + '\u0000'
        + nullToEmpty(command.provider()) + '\u0000' + nullToEmpty(command.model()) + '\u0000' + command.fallback();
    byte[] digest = SHA_256.get().digest(material.getBytes(StandardCharsets.UTF_8));
    return "rc:" + HexFormat.of().formatHex(digest);
  }

  static String normalise(String query) {
    String nfc = Normalizer.normalize(query, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(nfc.length());
    boolean space = false;
    for (int i = 0; i < nfc.length(); i++) {
      char c = nfc.charAt(i);
      if (Character.isWhitespace(c)) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
