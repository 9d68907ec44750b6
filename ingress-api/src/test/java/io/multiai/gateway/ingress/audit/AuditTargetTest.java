package io.multiai.gateway.ingress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditTargetTest {

  @Test
  void theUserIdOfAUserDataPathIsRedacted() {
    assertThat(AuditLog.redact("/api/ai/users/alice%40example.com/metrics/export")).isEqualTo("/api/ai/users/{userId}/metrics/export");
  }

  @Test
  void otherPathsAreKeptAsTheyAre() {
    assertThat(AuditLog.redact("/api/ai/admin/blocks")).isEqualTo("/api/ai/admin/blocks");
  }
}
