package io.multiai.gateway.aggregator.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multiai.gateway.aggregator.AggregatorSettings;

/**
 * Where Kafka Streams keeps its local stores. Two instances that share a directory lock each other
 * out, and the local stack runs every service in one JVM, so the default is unique per application
 * id and HTTP port. It is stable across restarts, so state is reused rather than rebuilt from the
 * changelog, except with a random port (0, as in tests), where a fresh directory is made and deleted
 * on stop.
 *
 * @param ephemeral whether the directory is this run's alone and is deleted when it stops
 */
public record StateDirectory(Path path, boolean ephemeral) {

  public static StateDirectory resolve(AggregatorSettings settings, int serverPort) {
    if (!settings.stateDir().isBlank()) {
      return new StateDirectory(Path.of(settings.stateDir()), false);
    }
    if (serverPort == 0) {
      try {
        return new StateDirectory(Files.createTempDirectory(settings.applicationId() + "-state-"), true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new StateDirectory(
        Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams", settings.applicationId() + "-" + serverPort), false);
  }
}
