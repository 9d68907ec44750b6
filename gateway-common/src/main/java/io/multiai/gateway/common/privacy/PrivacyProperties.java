package io.multiai.gateway.common.privacy;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Privacy secrets; defaults in {@code gateway-defaults.yml}, production values from the secrets
 * directory ({@code AI_SECRETS_DIR}, a config tree).
 *
 * @param userIdSecret HMAC key for user ids (at least 16 characters)
 * @param recordKeys record encryption keys by key id ({@code [a-z0-9-]}, 1–32 characters): base64 of
 *     32 bytes each. Every key listed decrypts; none listed means the built-in development key (logged
 *     as a warning). See {@link RecordKeys}.
 * @param recordKeyCurrent the id of the key that encrypts; may be omitted when exactly one key is listed
 */
@ConfigurationProperties("gateway.privacy")
public record PrivacyProperties(String userIdSecret, Map<String, String> recordKeys, String recordKeyCurrent) {

  public PrivacyProperties {
    recordKeys = recordKeys == null ? Map.of() : Map.copyOf(recordKeys);
  }
}
