package io.multiai.gateway.ingress.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
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
   */
  public record KeyEntry(String clientId, @DefaultValue("client") String role, String hash, @DefaultValue Map<String, Long> limits) {}
}
