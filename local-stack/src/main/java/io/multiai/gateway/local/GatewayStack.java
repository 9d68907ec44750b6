package io.multiai.gateway.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.multiai.gateway.aggregator.MetricsAggregatorApplication;
import io.multiai.gateway.ensemble.EnsembleWorkerApplication;
import io.multiai.gateway.ingress.IngressApplication;
import io.multiai.gateway.router.RouterWorkerApplication;

/**
 * All services of the pipeline started in this JVM against one Kafka cluster, each in its own Spring
 * context with its own config file and port, exactly as each would run on its own.
 */
public final class GatewayStack implements AutoCloseable {

  /** Service name → extra properties (e.g. ports) for that service. */
  public record Options(String bootstrapServers, Map<String, Object> common, Map<String, Map<String, Object>> perService) {

    public Options {
      common = Map.copyOf(common);
      perService = Map.copyOf(perService);
    }

    public Map<String, Object> forService(String service) {
      Map<String, Object> properties = new LinkedHashMap<>(common);
      properties.put("gateway.kafka.bootstrap-servers", bootstrapServers);
      properties.putAll(perService.getOrDefault(service, Map.of()));
      return properties;
    }
  }

  private final List<ConfigurableApplicationContext> contexts;
  private final ConfigurableApplicationContext ingress;

  private GatewayStack(List<ConfigurableApplicationContext> contexts, ConfigurableApplicationContext ingress) {
    this.contexts = contexts;
    this.ingress = ingress;
  }

  public static GatewayStack start(Options options) {
    List<ConfigurableApplicationContext> started = new ArrayList<>();
    try {
      // Workers first, so the ingress never accepts a request nobody will consume.
      started.add(run(RouterWorkerApplication.builder(), options.forService("router-worker")));
      started.add(run(EnsembleWorkerApplication.builder(), options.forService("ensemble-worker")));
      started.add(run(MetricsAggregatorApplication.builder(), options.forService("metrics-aggregator")));
      ConfigurableApplicationContext ingress = run(IngressApplication.builder(), options.forService("ingress-api"));
      started.add(ingress);
      return new GatewayStack(started, ingress);
    } catch (RuntimeException e) {
      Collections.reverse(started);
      started.forEach(ConfigurableApplicationContext::close);
      throw e;
    }
  }

  /** Starts one more ingress instance against the same cluster (tests of several instances). */
  public static ConfigurableApplicationContext startIngress(Options options) {
    return run(IngressApplication.builder(), options.forService("ingress-api"));
  }

  /** Starts one more router worker against the same cluster (a replacement after a restart, a second worker). */
  public static ConfigurableApplicationContext startRouter(Options options) {
    return run(RouterWorkerApplication.builder(), options.forService("router-worker"));
  }

  /**
   * Passes the properties as command-line arguments: SpringApplicationBuilder.properties() are only
   * defaults, which the service's own config file would override.
   */
  private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, Object> properties) {
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    // No shutdown hook per service: whoever started the stack closes it, in order (the local stack:
    // ingress first, the broker last); Spring's own hook would close the services concurrently with it.
    return builder.registerShutdownHook(false).run(args);
  }

  public int ingressPort() {
    return port(ingress);
  }

  public static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public List<ConfigurableApplicationContext> contexts() {
    return List.copyOf(contexts);
  }

  /** The running context of one service, by its {@code spring.application.name} (e.g. metrics-aggregator). */
  public ConfigurableApplicationContext service(String name) {
    return contexts.stream().filter(c -> name.equals(c.getEnvironment().getProperty("spring.application.name"))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in this stack"));
  }

  @Override
  public void close() {
    List<ConfigurableApplicationContext> reversed = new ArrayList<>(contexts);
    Collections.reverse(reversed);
    reversed.forEach(ConfigurableApplicationContext::close);
  }
}
