package io.multiai.gateway.local;

import java.nio.file.Path;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/**
 * A KRaft broker as a process of its own, with a persistent data directory:
 * {@code java -cp local-stack/target/local-stack.jar -Dloader.main=io.multiai.gateway.local.KafkaBrokerMain
 * org.springframework.boot.loader.launch.PropertiesLauncher [dataDir]} (or {@code ./run-broker.sh}).
 * Environment: {@code KAFKA_DATA_DIR} (default {@code .data/broker}), {@code KAFKA_PORT} (9092; the
 * controller listens on the next port), {@code KAFKA_HOST} (localhost). SIGTERM shuts it down cleanly.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    quietLogs();
    Path dataDir = Path.of(args.length > 0 ? args[0] : env("KAFKA_DATA_DIR", ".data/broker"));
    int port = Integer.parseInt(env("KAFKA_PORT", "9092"));
    String host = env("KAFKA_HOST", "localhost");
    long started = System.nanoTime();
    PersistentKafka kafka = PersistentKafka.start(dataDir, host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long stopping = System.nanoTime();
      kafka.close();
      System.out.printf("broker stopped in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
    }, "broker-shutdown"));
    System.out.printf("KRaft broker up on %s in %.1f s, data in %s%n", kafka.bootstrapServers(),
        (System.nanoTime() - started) / 1e9, dataDir.toAbsolutePath());
    Thread.currentThread().join();
  }

  /** Without Spring, logback would log everything at DEBUG: INFO for this, WARN for Kafka's chatter. */
  static void quietLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    ((Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.WARN);
    ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
