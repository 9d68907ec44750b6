package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml and the files it names, checked without Docker: the Compose schema, every file,
 * jar, port and variable it names, the Prometheus rules (promtool) and the nginx config (nginx -t).
 * .ci/run installs nginx and prometheus; without them those two checks are skipped.
 */
class DeploymentFilesTest {

  /** The services built from this repository: compose name → module, and the variable naming its port. */
  private static final Map<String, String> PORT_VARIABLES = Map.of("ingress-api", "PORT", "router-worker", "ROUTER_PORT",
      "ensemble-worker", "ENSEMBLE_PORT", "metrics-aggregator", "AGGREGATOR_PORT");

  private static Path root;
  private static Map<String, Object> compose;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    root = Path.of("").toAbsolutePath().getParent();
    // SnakeYAML resolves the anchors and merge keys (<<) as Compose does.
    compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theComposeFileIsValidAgainstTheComposeSpecification() throws IOException {
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        // Located at its file, so that its relative $id (compose_spec.json) has a base to resolve against.
        .getSchema(com.networknt.schema.SchemaLocation.of(root.resolve("deploy/compose-spec.json").toUri().toString()),
            Files.readString(root.resolve("deploy/compose-spec.json")), InputFormat.JSON);
    JsonNode document = JsonMapper.builder().build().valueToTree(compose);
    List<Error> errors = schema.validate(document);
    assertThat(errors).as("Compose schema violations").isEmpty();
    // and the schema does bite: an unknown service key is refused
    Map<String, Object> broken = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
    ((Map<String, Map<String, Object>>) broken.get("services")).get("kafka").put("replicas_typo", 2);
    assertThat(schema.validate(JsonMapper.builder().build().<JsonNode>valueToTree(broken))).isNotEmpty();
  }

  @Test
  void theTopologyIsTheFleetsWithHealthChecksAndRestartPolicies() {
    assertThat(services().keySet()).containsExactlyInAnyOrder("kafka", "redis", "metrics-aggregator", "router-worker-1",
        "router-worker-2", "ensemble-worker", "ingress-1", "ingress-2", "nginx", "prometheus", "grafana");
    services().forEach((name, service) -> {
      assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
      if (!"grafana".equals(name)) {
        assertThat(map(service.get("healthcheck")).get("test")).as(name).isNotNull();
      }
      assertThat(service.get("restart")).as(name + " restart policy").isEqualTo("unless-stopped");
    });
  }

  @Test
  void theKafkaImageIsTheOfficialOneAtTheClientVersion() {
    assertThat(services().get("kafka").get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
  }

  @Test
  void everyServiceImageIsBuiltFromItsJarAndEveryVariableItSetsIsRead() throws IOException {
    String dockerfile = Files.readString(root.resolve("deploy/Dockerfile"));
    assertThat(dockerfile).contains("COPY ${SERVICE}/target/${SERVICE}.jar").contains("$JAVA_OPTS");
    int built = 0;
    for (Map.Entry<String, Map<String, Object>> entry : services().entrySet()) {
      Map<String, Object> build = map(entry.getValue().get("build"));
      if (build == null) {
        continue;
      }
      built++;
      assertThat(root.resolve((String) build.get("context")).resolve((String) build.get("dockerfile"))).exists();
      String module = (String) map(build.get("args")).get("SERVICE");
      assertThat(root.resolve(module).resolve("pom.xml")).as(entry.getKey() + " module").exists();
      assertThat(root.resolve(module).resolve("target").resolve(module + ".jar"))
          .as(entry.getKey() + ": the jar the Dockerfile copies (built by the reactor before this module)").exists();
      String read = configurationOf(module);
      Map<String, Object> environment = map(entry.getValue().get("environment"));
      for (String variable : environment.keySet()) {
        if (!"JAVA_OPTS".equals(variable)) {
          assertThat(read).as(entry.getKey() + " sets " + variable + ": the service must read it").contains("${" + variable);
        }
      }
      // The port it listens on is the one its health check asks.
      String port = String.valueOf(environment.get(PORT_VARIABLES.get(module)));
      assertThat(String.valueOf(map(entry.getValue().get("healthcheck")).get("test"))).as(entry.getKey())
          .contains("localhost:" + port + "/actuator/health");
    }
    assertThat(built).isEqualTo(6);
  }

  @Test
  void prometheusScrapesEveryServiceOnItsPortAndNginxBalancesBothIngressInstances() throws IOException {
    String prometheus = Files.readString(root.resolve("deploy/prometheus/prometheus.yml"));
    Set<String> targets = new java.util.TreeSet<>();
    Matcher matcher = Pattern.compile("([a-z0-9-]+):(\\d+)").matcher(prometheus.replaceAll("http://\\S+", ""));
    while (matcher.find()) {
      targets.add(matcher.group(1) + ":" + matcher.group(2));
    }
    Set<String> expected = new java.util.TreeSet<>();
    services().forEach((name, service) -> {
      Map<String, Object> build = map(service.get("build"));
      if (build != null) {
        String module = (String) map(build.get("args")).get("SERVICE");
        expected.add(name + ":" + map(service.get("environment")).get(PORT_VARIABLES.get(module)));
      }
    });
    assertThat(targets).isEqualTo(expected);
    Map<String, Object> nginx = map(services().get("nginx").get("environment"));
    for (String upstream : List.of("INGRESS_1", "INGRESS_2")) {
      String target = (String) nginx.get(upstream);
      assertThat(expected).as(upstream).contains(target);
    }
    assertThat(prometheus).contains("rule_files").contains("/etc/prometheus/alerts.yml");
  }

  @Test
  void everyMountedFileExistsAndEverySecretComesFromTheUncommittedEnvFile() throws IOException {
    services().forEach((name, service) -> {
      List<?> volumes = service.get("volumes") instanceof List<?> list ? list : List.of();
      for (Object volume : volumes) {
        String source = String.valueOf(volume).split(":")[0];
        if (!source.startsWith("./")) {
          continue; // a named volume
        }
        Path path = root.resolve(source.substring(2)).normalize();
        if (path.toString().contains("/deploy/secrets/")) {
          // Secrets are not committed: an example of each is.
          assertThat(Path.of(path + ".example")).as(name + " mounts " + source + ": its example").exists();
        } else {
          assertThat(path).as(name + " mounts " + source).exists();
        }
      }
    });
    String text = Files.readString(root.resolve("docker-compose.yml"));
    String example = Files.readString(root.resolve(".env.example"));
    Matcher interpolated = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(text);
    while (interpolated.find()) {
      assertThat(example).as(interpolated.group(1) + " is documented in .env.example").containsPattern("(?m)^" + interpolated.group(1) + "=");
    }
    assertThat(Files.readString(root.resolve(".gitignore"))).contains(".env").contains("deploy/secrets/gateway-keys/");
  }

  @Test
  void thePrometheusRulesPassPromtool() throws Exception {
    Assumptions.assumeTrue(onPath("promtool"), "promtool missing (Debian package prometheus; .ci/run installs it)");
    Result result = run(root, "promtool", "check", "rules", "deploy/prometheus/alerts.yml");
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 3 rules found");
  }

  @Test
  void theNginxConfigPassesNginxT(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(onPath("nginx"), "nginx missing (Debian package nginx; .ci/run installs it)");
    // As run-fleet.sh does: the template shared with compose, with loopback upstreams, in a config of its own.
    String snippet = Files.readString(root.resolve("deploy/nginx/gateway.conf.template"))
        .replace("${NGINX_LISTEN}", "127.0.0.1:" + freePort())
        .replace("${INGRESS_1}", "127.0.0.1:18101").replace("${INGRESS_2}", "127.0.0.1:18102");
    assertThat(snippet).doesNotContain("${");
    Files.writeString(dir.resolve("gateway.conf"), snippet);
    Files.createDirectories(dir.resolve("temp"));
    Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 64; }",
        "http {",
        "  client_body_temp_path " + dir.resolve("temp") + ";",
        "  proxy_temp_path " + dir.resolve("temp") + ";",
        "  include " + dir.resolve("gateway.conf") + ";",
        "}", ""));
    Result result = run(dir, "nginx", "-t", "-e", dir.resolve("error.log").toString(), "-p", dir.toString(), "-c",
        dir.resolve("nginx.conf").toString());
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("syntax is ok");
  }

  private static String configurationOf(String module) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Path dir : List.of(root.resolve(module).resolve("src/main/resources"), root.resolve("gateway-common/src/main/resources"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
          text.append(Files.readString(file));
        }
      }
    }
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() {
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)))
        || Files.isExecutable(Path.of("/usr/sbin", command));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(Path dir, String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of(command));
    if (!onPathOnly(command[0]) && Files.isExecutable(Path.of("/usr/sbin", command[0]))) {
      line.set(0, "/usr/sbin/" + command[0]);
    }
    Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static boolean onPathOnly(String command) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
