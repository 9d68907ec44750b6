package io.multiai.gateway.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.aggregator.AggregatorSettings;

class StateDirectoryTest {

  private final AggregatorSettings defaults = AggregatorSettings.defaults();

  @Test
  void givenNoStateDirTwoInstancesInOneJvmGetDirectoriesOfTheirOwnThatSurviveARestart() {
    StateDirectory first = StateDirectory.resolve(defaults, 8082);
    StateDirectory second = StateDirectory.resolve(defaults, 18082);

    assertThat(first.path()).isNotEqualTo(second.path());
    assertThat(first.path()).startsWithRaw(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(first.path().getFileName().toString()).isEqualTo("metrics-aggregator-8082");
    assertThat(StateDirectory.resolve(defaults, 8082)).isEqualTo(first);
    assertThat(first.ephemeral()).isFalse();
  }

  @Test
  void givenARandomPortEachRunGetsAFreshDirectoryToDeleteOnStop() throws Exception {
    StateDirectory one = StateDirectory.resolve(defaults, 0);
    StateDirectory other = StateDirectory.resolve(defaults, 0);
    try {
      assertThat(one.path()).isNotEqualTo(other.path());
      assertThat(one.ephemeral()).isTrue();
    } finally {
      Files.deleteIfExists(one.path());
      Files.deleteIfExists(other.path());
    }
  }

  @Test
  void givenAStateDirItIsUsedAsIsAndKept() {
    AggregatorSettings configured = new AggregatorSettings("metrics-aggregator", Duration.ofSeconds(10),
        "/var/lib/aggregator", "exactly_once_v2", Duration.ofSeconds(1), 1024, 6);

    assertThat(StateDirectory.resolve(configured, 0)).isEqualTo(new StateDirectory(Path.of("/var/lib/aggregator"), false));
  }
}
