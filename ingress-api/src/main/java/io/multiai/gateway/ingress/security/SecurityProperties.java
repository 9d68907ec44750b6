package io.multiai.gateway.ingress.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client keys, by entry name. An entry holds the SHA-256 of a key, never the key: a leaked config
 * file or environment opens nothing.
 *
 * @param authEnabled off only for a local run bound to the loopback interface (checked at start)
 * @param keys entries from any configuration source (file, environment, command line)
 * @param keysDir a directory of secret files laid out as a Spring config tree
 *     ({@code <entry>/client-id}, {@code <entry>/role}, {@code <entry>/hash}, {@code <entry>/limits/route});
 *     re-read every {@code reloadInterval}, so a key is added or removed without a restart
 */
@ConfigurationProperties("gateway.security")
public record SecurityProperties(
    @DefaultValue("true") boolean authEnabled,
    @DefaultValue Map<String, KeyEntry> keys,
    Path keysDir,
    @DefaultValue("10s") Duration reloadInterval) {

  /**
   * @param hash {@code sha256:<64 hex digits>} of the key's UTF-8 bytes
   * @param limits per-minute overrides by endpoint class (route, ensemble, status, metrics, admin, other)
   * @param budget the client's spend budget ({@code period} daily|monthly, {@code limit-usd}, {@code action}
   *     deny|downgrade), or null for none
   */
  public record KeyEntry(String clientId, @DefaultValue("client") String role, String hash, @DefaultValue Map<String, Long> limits,
      Budget budget) {

    /** The constructor configuration binds (the other is a shorthand for tests). */
    @ConstructorBinding
    public KeyEntry {
    }

    public KeyEntry(String clientId, String role, String hash, Map<String, Long> limits) {
      this(clientId, role, hash, limits, null);
    }
  }

  /** A key entry's budget; period and action default to daily and deny. */
  public record Budget(@DefaultValue("daily") String period, Double limitUsd, @DefaultValue("deny") String action) {}
}
