package io.multiai.gateway.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Runs {@code src/test/js/console-check.mjs} with node against Debian's Chromium (playwright-core
 * drives it; no browser is downloaded), installed as {@link NodeScripts} does. Tests using it are skipped,
 * saying why, only when chromium or node is absent.
 */
final class BrowserRunner {

  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private final String chromium;

  private BrowserRunner(String chromium) {
    this.chromium = chromium;
  }

  /** Skips the calling test class (JUnit assumption) when chromium or node is not installed. */
  static BrowserRunner prepare() throws IOException, InterruptedException {
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)),
        "SKIPPED: no Chromium at " + chromium + " (apt-get install chromium; .ci/run installs it) - the console's browser test did not run");
    NodeScripts.prepare("the console's browser test");
    return new BrowserRunner(chromium);
  }

  /** Runs the script in one mode; its last stdout line is the JSON report. */
  JsonNode check(Map<String, String> env) throws IOException, InterruptedException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("CHROMIUM", chromium);
    all.put("OUT_DIR", SCREENSHOTS.toAbsolutePath().toString());
    return NodeScripts.run("console-check.mjs", all, 180);
  }
}
