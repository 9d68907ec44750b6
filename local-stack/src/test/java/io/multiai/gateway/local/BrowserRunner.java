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
 * Runs {@code src/test/js/console-check.mjs} with node against Debian's Chromium (playwright-core
 * drives it; no browser is downloaded). The script and its locked dependency are copied to
 * {@code target/browser-tests} and installed there with {@code npm ci} when missing (.ci/run does it
 * beforehand on a fresh machine). Tests using it are skipped, saying why, only when chromium or node
 * is absent.
 */
final class BrowserRunner {

  static final Path WORK = Path.of("target", "browser-tests");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Path SOURCES = Path.of("src", "test", "js");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String chromium;

  private BrowserRunner(String chromium) {
    this.chromium = chromium;
  }

  /** Skips the calling test class (JUnit assumption) when chromium or node is not installed. */
  static BrowserRunner prepare() throws IOException, InterruptedException {
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)),
        "SKIPPED: no Chromium at " + chromium + " (apt-get install chromium; .ci/run installs it) - the console's browser test did not run");
    assumeTrue(run(List.of("node", "--version"), Path.of("."), 30) == 0,
        "SKIPPED: node is not on the PATH (apt-get install nodejs npm; .ci/run installs it) - the console's browser test did not run");
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "package-lock.json", "console-check.mjs")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) {
      int npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), WORK, 300);
      if (npm != 0) {
        throw new IllegalStateException("npm ci in " + WORK.toAbsolutePath() + " failed (" + npm + "): playwright-core is needed");
      }
    }
    return new BrowserRunner(chromium);
  }

  /** Runs the script in one mode; its last stdout line is the JSON report. */
  JsonNode check(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder process = new ProcessBuilder("node", "console-check.mjs").directory(WORK.toFile());
    process.environment().putAll(env);
    process.environment().put("CHROMIUM", chromium);
    process.environment().put("OUT_DIR", SCREENSHOTS.toAbsolutePath().toString());
    process.redirectErrorStream(false);
    Path stdout = Files.createTempFile(WORK, "report", ".json");
    Path stderr = WORK.resolve("console-check.stderr.log");
    process.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process node = process.start();
    if (!node.waitFor(180, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new IllegalStateException("the browser check did not finish in 180 s; see " + stderr.toAbsolutePath());
    }
    List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
    Files.delete(stdout);
    if (node.exitValue() != 0 || lines.isEmpty()) {
      throw new IllegalStateException("the browser check failed (" + node.exitValue() + "): "
          + Files.readString(stderr, StandardCharsets.UTF_8));
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
