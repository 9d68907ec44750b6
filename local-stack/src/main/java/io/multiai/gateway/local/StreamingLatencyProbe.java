package io.multiai.gateway.local;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams chat completions ({@code stream: true}) from an OpenAI-compatible endpoint — the gateway's
 * {@code /v1/chat/completions} or a provider (fake) directly — with N callers in parallel for a while, and
 * prints, as the caller sees them: time to first token (request sent → first chunk with non-empty content)
 * and the gaps between successive content chunks, p50/p95/p99 in milliseconds. When the words carry the time
 * the provider sent them ({@code word0@<epoch µs>}, as {@link FakeOpenAiServer} writes them), also how long the
 * first chunk took from the provider to the caller. Each caller sends its next request when the previous
 * stream has ended ({@code data: [DONE]}).
 *
 * <p>Usage: StreamingLatencyProbe baseUrl model concurrency seconds [label]; the last line is
 * {@code RESULT label concurrency streams errors ttftP50 ttftP95 ttftP99 gapP50 gapP95 gapP99 deliveryP50
 * deliveryP95 deliveryP99} (bench/streaming.sh).
 */
public final class StreamingLatencyProbe {

  private StreamingLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String model = args[1];
    int concurrency = Integer.parseInt(args[2]);
    long seconds = Long.parseLong(args[3]);
    String label = args.length > 4 ? args[4] : base;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json")
        .header("authorization", "Bearer bench")
        // The same question every time: measure the stream, not the response cache.
        .header("cache-control", "no-cache")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a short story.\"}]}"))
        .build();

    List<Long> ttfts = Collections.synchronizedList(new ArrayList<>());
    List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
    List<Long> deliveries = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    long endAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService callers = Executors.newFixedThreadPool(concurrency);
    for (int i = 0; i < concurrency; i++) {
      callers.submit(() -> {
        while (System.nanoTime() < endAt) {
          try {
            if (!streamOnce(http, request, ttfts, gaps, deliveries)) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
        }
      });
    }
    callers.shutdown();
    callers.awaitTermination(seconds + 120, TimeUnit.SECONDS);
    long[] ttft = sorted(ttfts);
    long[] gap = sorted(gaps);
    long[] delivery = sorted(deliveries);
    System.out.printf("%s, concurrency %d: %d streams, %d errors; TTFT p50 %.2f p95 %.2f p99 %.2f ms; "
            + "inter-chunk gap p50 %.2f p95 %.2f p99 %.2f ms; first chunk provider -> caller p50 %.2f p95 %.2f p99 %.2f ms%n",
        label, concurrency, ttft.length, errors.get(), pct(ttft, 50), pct(ttft, 95), pct(ttft, 99), pct(gap, 50), pct(gap, 95),
        pct(gap, 99), pct(delivery, 50), pct(delivery, 95), pct(delivery, 99));
    System.out.printf("RESULT %s %d %d %d %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f%n", label, concurrency, ttft.length,
        errors.get(), pct(ttft, 50), pct(ttft, 95), pct(ttft, 99), pct(gap, 50), pct(gap, 95), pct(gap, 99), pct(delivery, 50),
        pct(delivery, 95), pct(delivery, 99));
    System.exit(0);
  }

  /** One stream; true when it ended with [DONE] after some content. Times in microseconds. */
  private static boolean streamOnce(HttpClient http, HttpRequest request, List<Long> ttfts, List<Long> gaps, List<Long> deliveries)
      throws Exception {
    long sent = System.nanoTime();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    long previous = -1;
    boolean done = false;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        return false;
      }
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("data:")) {
          continue;
        }
        long now = System.nanoTime();
        if (line.contains("[DONE]")) {
          done = true;
          continue;
        }
        if (hasContent(line)) {
          if (previous < 0) {
            ttfts.add((now - sent) / 1000);
            long sentAtMicros = sentAtMicros(line);
            if (sentAtMicros > 0) {
              java.time.Instant arrived = java.time.Instant.now();
              deliveries.add(arrived.getEpochSecond() * 1_000_000 + arrived.getNano() / 1000 - sentAtMicros);
            }
          } else {
            gaps.add((now - previous) / 1000);
          }
          previous = now;
        }
        if (line.contains("\"error\"")) {
          return false;
        }
      }
    }
    return done && previous >= 0;
  }

  /** A chunk whose delta has non-empty content ({@code "content":""} in a role chunk does not count). */
  private static boolean hasContent(String line) {
    int at = line.indexOf("\"content\":\"");
    return at >= 0 && at + 11 < line.length() && line.charAt(at + 11) != '"';
  }

  /** The provider's send time a word carries ({@code word0@<epoch µs>}), or -1. */
  private static long sentAtMicros(String line) {
    int at = line.indexOf('@');
    if (at < 0) {
      return -1;
    }
    int end = at + 1;
    while (end < line.length() && Character.isDigit(line.charAt(end))) {
      end++;
    }
    return end > at + 1 ? Long.parseLong(line.substring(at + 1, end)) : -1;
  }

  private static long[] sorted(List<Long> values) {
    synchronized (values) {
      return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  private static double pct(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1000.0;
  }
}
