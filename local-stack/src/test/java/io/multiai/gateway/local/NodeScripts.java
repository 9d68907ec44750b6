package io.multiai.gateway.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Node scripts of {@code src/test/js} run with the machine's node: the scripts and their locked dependencies
 * ({@code package.json}, {@code package-lock.json}: playwright-core, openai) are copied to
 * {@code target/browser-tests} and installed there with {@code npm ci} when a dependency is missing (.ci/run
 * does it beforehand on a fresh machine). A script reports as one JSON line, the last on its stdout.
 */
final class NodeScripts {

  static final Path WORK = Path.of("target", "browser-tests");
  private static final Path SOURCES = Path.of("src", "test", "js");
  private static final List<String> FILES = List.of("package.json", "package-lock.json", "console-check.mjs", "openai-sdk-check.mjs");
  private static final List<String> DEPENDENCIES = List.of("playwright-core", "openai");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private NodeScripts() {}

  /**
   * Skips the calling test class (JUnit assumption, saying why) when node is not installed; otherwise copies
   * the scripts and installs the locked dependencies if any is missing.
   *
   * @param what the test, for the skip message
   */
  static void prepare(String what) throws IOException, InterruptedException {
    assumeTrue(run(List.of("node", "--version"), Path.of("."), 30) == 0,
        "SKIPPED: node is not on the PATH (apt-get install nodejs npm; .ci/run installs it) - " + what + " did not run");
    Files.createDirectories(WORK);
    for (String file : FILES) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!DEPENDENCIES.stream().allMatch(d -> Files.isDirectory(WORK.resolve("node_modules").resolve(d)))) {
      int npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), WORK, 300);
      if (npm != 0) {
        throw new IllegalStateException("npm ci in " + WORK.toAbsolutePath() + " failed (" + npm + "): " + DEPENDENCIES + " are needed");
      }
    }
  }

  /** Runs {@code node <script>} in {@link #WORK} with extra environment; fails unless it exits 0 with a JSON last line. */
  static JsonNode run(String script, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder process = new ProcessBuilder("node", script).directory(WORK.toFile());
    process.environment().putAll(env);
    Path stdout = Files.createTempFile(WORK, "report", ".json");
    Path stderr = WORK.resolve(script + ".stderr.log");
    process.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process node = process.start();
    if (!node.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new IllegalStateException(script + " did not finish in " + timeoutSeconds + " s; see " + stderr.toAbsolutePath());
    }
    List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
    Files.delete(stdout);
    if (node.exitValue() != 0 || lines.isEmpty()) {
      throw new IllegalStateException(script + " failed (" + node.exitValue() + "): " + Files.readString(stderr, StandardCharsets.UTF_8)
          + String.join("\n", lines));
    }
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static int run(List<String> command, Path directory, int timeoutSeconds) throws IOException, InterruptedException {
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1; // not installed
    }
  }
}
