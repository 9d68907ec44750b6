package io.multiai.gateway.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Sends N sequential POST /api/ai/route calls to a running gateway (after a warm-up) and prints the
 * latency percentiles as the caller sees them. Usage: RouteLatencyProbe [baseUrl] [calls] [warmup].
 */
public final class RouteLatencyProbe {

  private RouteLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://localhost:8080";
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/ai/route"))
        .timeout(Duration.ofSeconds(40))
        .header("content-type", "application/json")
        // The same question every time: measure the pipeline, not the response cache.
        .header("cache-control", "no-cache")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"What is the capital of France?\"}"))
        .build();
    for (int i = 0; i < warmup; i++) {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    }
    long[] micros = new long[calls];
    int errors = 0;
    long started = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      micros[i] = (System.nanoTime() - t0) / 1000;
      if (status != 200) {
        errors++;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Arrays.sort(micros);
    System.out.printf("POST /api/ai/route, %d sequential calls after %d warm-up: %d errors, %.0f req/s%n", calls, warmup, errors,
        calls / seconds);
    System.out.printf("  p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n", pct(micros, 50), pct(micros, 90), pct(micros, 99),
        micros[calls - 1] / 1000.0);
  }

  private static double pct(long[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1000.0;
  }
}
