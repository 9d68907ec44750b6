package io.multiai.gateway.local;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One command, the whole pipeline: an in-JVM KRaft broker (unless KAFKA_BOOTSTRAP_SERVERS names a
 * cluster), the router worker, the metrics aggregator and the ingress API on port 8080. Providers
 * without an API key are simulated.
 */
public final class LocalStack {

  private LocalStack() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    // Everything the stack knows (topics: analytics, alerts, blocks; the aggregator's state) lives
    // under one directory that survives restarts; run-local.sh --fresh deletes it first.
    Path dataDir = Path.of(System.getenv().getOrDefault("GATEWAY_DATA_DIR", ".data/local")).toAbsolutePath();
    PersistentKafka kafka = null;
    if (external == null || external.isBlank()) {
      KafkaBrokerMain.quietLogs();
      kafka = PersistentKafka.start(dataDir.resolve("broker"), "localhost", intEnv("KAFKA_PORT", 9092));
    }
    String bootstrap = kafka != null ? kafka.bootstrapServers() : external;
    int port = intEnv("PORT", 8080);
    // Keys are the default everywhere else; this one-command run may go without, on loopback only.
    boolean auth = "true".equalsIgnoreCase(System.getenv("AI_AUTH_ENABLED"));
    Map<String, Object> ingress = auth ? Map.of("server.port", port)
        : Map.of("server.port", port, "server.address", "127.0.0.1", "gateway.security.auth-enabled", false);
    GatewayStack stack;
    try {
      stack = GatewayStack.start(new GatewayStack.Options(bootstrap, Map.of(), Map.of(
          "ingress-api", ingress,
          "router-worker", Map.of("server.port", intEnv("ROUTER_PORT", 8081)),
          "ensemble-worker", Map.of("server.port", intEnv("ENSEMBLE_PORT", 8083)),
          "metrics-aggregator", aggregatorProperties(kafka != null ? dataDir : null))));
    } catch (RuntimeException e) {
      System.err.println("The local stack could not start: " + e.getMessage());
      if (kafka != null) {
        kafka.close();
      }
      System.exit(1);
      return;
    }
    PersistentKafka broker = kafka;
    // Ctrl-C: the services first (each drains, commits and leaves its group), the broker last.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long stopping = System.nanoTime();
      stack.close();
      if (broker != null) {
        broker.close();
      }
      System.out.printf("=== stopped in %.1f s ===%n", (System.nanoTime() - stopping) / 1e9);
    }, "local-stack-shutdown"));
    long startupMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("%n=== Multi-AI Gateway is up in %.1f s (RSS %s) ===%n", startupMs / 1000.0, rss());
    System.out.printf("  API:        http://localhost:%d/api/ai/route   (POST {\"query\":\"hi\"})%n", stack.ingressPort());
    System.out.printf("  Ensemble:   http://localhost:%d/api/ai/ensemble (POST {\"query\":\"hi\",\"strategy\":\"consensus\"})%n", stack.ingressPort());
    System.out.printf("  Status:     http://localhost:%d/api/ai/status%n", stack.ingressPort());
    System.out.printf("  Metrics:    http://localhost:%d/api/ai/metrics   Prometheus: /metrics%n", stack.ingressPort());
    System.out.printf("  Console:    http://localhost:%d/admin/multi-ai/analytics   (live, refreshes every 10 s%s)%n", stack.ingressPort(),
        auth ? "; asks for an admin key" : "");
    System.out.printf("  API docs:   http://localhost:%d/swagger-ui   OpenAPI 3.1: /v3/api-docs%n", stack.ingressPort());
    System.out.printf("  Kafka:      %s (%s)%n", bootstrap, kafka != null ? "in-JVM KRaft broker, data in " + dataDir
        + " (run-local.sh --fresh starts empty)" : "external");
    System.out.printf("  Providers:  %s%n", providerModes());
    System.out.println(auth ? "  Auth:       API keys required (gateway.security.keys / AI_API_KEYS_DIR)"
        : "  Auth:       OFF - no API key needed, listening on 127.0.0.1 only (AI_AUTH_ENABLED=true turns keys on)");
    System.out.println("Ctrl-C stops everything.");
    Thread.currentThread().join();
  }

  /**
   * With a broker of its own the aggregator keeps its state beside the broker's data: state from
   * another cluster would describe topics that do not exist there.
   */
  private static Map<String, Object> aggregatorProperties(Path dataDir) {
    Map<String, Object> properties = new java.util.HashMap<>(Map.of("server.port", intEnv("AGGREGATOR_PORT", 8082)));
    if (dataDir != null && System.getenv("AGGREGATOR_STATE_DIR") == null) {
      properties.put("gateway.aggregator.state-dir", dataDir.resolve("aggregator-state").toString());
    }
    return properties;
  }

  private static String providerModes() {
    return "claude " + mode("ANTHROPIC_API_KEY") + ", openai " + mode("OPENAI_API_KEY") + ", gemini " + mode("GEMINI_API_KEY");
  }

  private static String mode(String keyVariable) {
    String key = System.getenv(keyVariable);
    return key == null || key.isBlank() ? "simulated" : "live";
  }

  static String rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return line.substring(6).strip();
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024) + " MB heap";
  }

  private static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
  }
}
