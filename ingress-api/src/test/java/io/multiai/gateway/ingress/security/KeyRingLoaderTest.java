package io.multiai.gateway.ingress.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.web.EndpointClass;
import io.multiai.gateway.ingress.web.Role;

class KeyRingLoaderTest {

  @TempDir
  Path secrets;

  private void writeEntry(String entry, String clientId, String role, String key) throws IOException {
    Path dir = Files.createDirectories(secrets.resolve(entry));
    Files.writeString(dir.resolve("client-id"), clientId + "\n");
    Files.writeString(dir.resolve("role"), role + "\n");
    Files.writeString(dir.resolve("hash"), KeyHash.of(key) + "\n");
  }

  private SecurityProperties properties(Map<String, SecurityProperties.KeyEntry> configured) {
    return new SecurityProperties(true, configured, secrets, Duration.ofSeconds(10));
  }

  @Test
  void findsAClientByTheKeyWhoseHashIsConfiguredAndNothingElse() {
    SecurityProperties properties = properties(Map.of("acme", new SecurityProperties.KeyEntry("acme", "client",
        KeyHash.of("acme-secret-key"), Map.of("route", 500L))));

    KeyRing ring = new KeyRingLoader(properties).load();

    ClientIdentity acme = ring.find("acme-secret-key");
    assertThat(acme.clientId()).isEqualTo("acme");
    assertThat(acme.role()).isEqualTo(Role.CLIENT);
    assertThat(acme.limits()).containsEntry(EndpointClass.ROUTE, 500L);
    assertThat(ring.find("acme-secret-ke")).isNull();
    assertThat(ring.find(KeyHash.of("acme-secret-key"))).as("the hash itself is no key").isNull();
  }

  @Test
  void givenABudgetInAKeyEntry_whenLoaded_thenTheClientCarriesItWithDailyDenyByDefault() {
    SecurityProperties properties = properties(Map.of("acme", new SecurityProperties.KeyEntry("acme", "client",
        KeyHash.of("acme-secret-key"), Map.of(), new SecurityProperties.Budget("daily", 1.5, "deny"))));

    ClientIdentity acme = new KeyRingLoader(properties).load().find("acme-secret-key");

    assertThat(acme.budget()).isEqualTo(new io.multiai.gateway.ingress.web.ClientBudget("daily", 1.5, "deny"));
  }

  @Test
  void givenAKeyBudgetThatMakesNoSense_whenLoaded_thenTheWholeLoadIsRefusedNamingTheEntry() {
    for (SecurityProperties.Budget budget : java.util.List.of(new SecurityProperties.Budget("weekly", 1.0, "deny"),
        new SecurityProperties.Budget("daily", -1.0, "deny"), new SecurityProperties.Budget("daily", 1.0, "warn"))) {
      SecurityProperties properties = properties(Map.of("acme", new SecurityProperties.KeyEntry("acme", "client",
          KeyHash.of("acme-secret-key"), Map.of(), budget)));

      assertThatThrownBy(() -> new KeyRingLoader(properties).load()).hasMessageContaining("key entry 'acme': budget");
    }
  }

  @Test
  void readsSecretFilesLaidOutAsASpringConfigTree() throws IOException {
    writeEntry("ops-2025", "ops", "admin", "ops-key-one");

    ClientIdentity ops = new KeyRingLoader(properties(Map.of())).load().find("ops-key-one");

    assertThat(ops.clientId()).isEqualTo("ops");
    assertThat(ops.isAdmin()).isTrue();
  }

  @Test
  void rotatesAKeyWithAnOverlapWithoutARestart() throws IOException {
    writeEntry("acme-2025", "acme", "client", "old-key");
    ApiKeys keys = new ApiKeys(new KeyRingLoader(properties(Map.of())), Duration.ofHours(1));
    try {
      assertThat(keys.find("old-key")).isNotNull();

      writeEntry("acme-2026", "acme", "client", "new-key");
      keys.reload();
      assertThat(keys.find("old-key").clientId()).isEqualTo("acme");
      assertThat(keys.find("new-key").clientId()).isEqualTo("acme");

      Files.walk(secrets.resolve("acme-2025")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      keys.reload();
      assertThat(keys.find("old-key")).isNull();
      assertThat(keys.find("new-key")).isNotNull();
    } finally {
      keys.close();
    }
  }

  @Test
  void aBrokenReloadKeepsThePreviousKeys() throws IOException {
    writeEntry("acme", "acme", "client", "the-key");
    ApiKeys keys = new ApiKeys(new KeyRingLoader(properties(Map.of())), Duration.ofHours(1));
    try {
      Files.writeString(secrets.resolve("acme").resolve("hash"), "plain-text-key");
      keys.reload();

      assertThat(keys.find("the-key")).isNotNull();
    } finally {
      keys.close();
    }
  }

  @Test
  void refusesPlainKeysUnknownRolesAndUnknownLimitsNamingTheEntryButNotTheValue() {
    assertThatThrownBy(() -> new KeyRingLoader(properties(Map.of("acme",
        new SecurityProperties.KeyEntry("acme", "client", "my-plain-key", Map.of())))).load())
        .hasMessageContaining("acme").hasMessageNotContaining("my-plain-key");
    assertThatThrownBy(() -> new KeyRingLoader(properties(Map.of("acme",
        new SecurityProperties.KeyEntry("acme", "root", KeyHash.of("k"), Map.of())))).load())
        .hasMessageContaining("role");
    assertThatThrownBy(() -> new KeyRingLoader(properties(Map.of("acme",
        new SecurityProperties.KeyEntry("acme", "client", KeyHash.of("k"), Map.of("everything", 5L))))).load())
        .hasMessageContaining("everything");
  }
}
