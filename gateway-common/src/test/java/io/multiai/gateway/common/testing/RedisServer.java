package io.multiai.gateway.common.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis for tests: the one named by TEST_REDIS_URL (.ci/run starts one), else a
 * {@code redis-server} from the PATH started on a free port and stopped afterwards. Tests that need
 * it are skipped only when neither exists. The one Redis of every module's tests (test jar of gateway-common).
 */
public final class RedisServer implements AutoCloseable {

  private final String url;
  private final Process process;

  private RedisServer(String url, Process process) {
    this.url = url;
    this.process = process;
  }

  public static RedisServer startOrSkip() {
    String external = System.getenv("TEST_REDIS_URL");
    if (external != null && !external.isBlank()) {
      return new RedisServer(external.strip(), null);
    }
    Path binary = findOnPath("redis-server");
    Assumptions.assumeTrue(binary != null, "redis-server is not installed (apt-get install redis-server); skipping");
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      awaitPort(port, process);
      return new RedisServer("redis://127.0.0.1:" + port, process);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server", e);
    }
  }

  /** {@code redis://127.0.0.1:<port>}, or TEST_REDIS_URL as given. */
  public String url() {
    return url;
  }

  private static void awaitPort(int port, Process process) throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue());
      }
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not listen on " + port + " within 10 s");
  }

  private static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String dir : new String[] {"/usr/bin", "/usr/sbin", "/usr/local/bin"}) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
    }
  }
}
