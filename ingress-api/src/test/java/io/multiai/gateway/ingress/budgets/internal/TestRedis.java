package io.multiai.gateway.ingress.budgets.internal;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for the ledger's contract tests: TEST_REDIS_URL when set, else one started from the
 * PATH on a free port; the tests are skipped (not failed) when neither exists.
 */
final class TestRedis implements AutoCloseable {

  final String url;
  private final Process process;

  private TestRedis(String url, Process process) {
    this.url = url;
    this.process = process;
  }

  static TestRedis startOrSkip() throws IOException, InterruptedException {
    String external = System.getenv("TEST_REDIS_URL");
    if (external != null && !external.isBlank()) {
      return new TestRedis(external.strip(), null);
    }
    Path binary = null;
    String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
    for (String dir : (path + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        binary = candidate;
        break;
      }
    }
    Assumptions.assumeTrue(binary != null, "redis-server is not installed; skipping the Redis ledger's contract tests");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return new TestRedis("redis://127.0.0.1:" + port, process);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not listen within 10 s");
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
    }
  }
}
