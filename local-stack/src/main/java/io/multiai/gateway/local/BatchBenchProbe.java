package io.multiai.gateway.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Interactive latency with and without a batch in flight, against a running gateway (bench/batch.sh):
 * {@code calls} POST /api/ai/route calls from {@code clients} concurrent callers while idle; then a batch
 * of {@code items} is submitted and the same load runs while it is answered; then the batch is awaited and
 * its items/s reported (items ÷ (completedAt − createdAt)). Usage: BatchBenchProbe [baseUrl] [items] [calls] [clients].
 */
public final class BatchBenchProbe {

  private static final Pattern FIELD = Pattern.compile("\"(batchId|status|createdAt|completedAt)\":\"([^\"]*)\"");

  private BatchBenchProbe() {}

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://localhost:8080";
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    load(http, base, 50, clients); // warm-up
    double[] idle = load(http, base, calls, clients);
    print("idle", calls, clients, idle);

    String body = IntStream.range(0, items)
        .mapToObj(i -> "{\"customId\":\"bench-" + i + "\",\"query\":\"Classify support ticket number " + i + "\"}")
        .collect(Collectors.joining("\n"));
    HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/ai/batch"))
        .header("content-type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (submitted.statusCode() != 202) {
      throw new IllegalStateException("batch refused: " + submitted.statusCode() + " " + submitted.body());
    }
    String batchId = field(submitted.body(), "batchId");
    System.out.printf("batch %s of %d items submitted%n", batchId, items);

    double[] busy = load(http, base, calls, clients);
    print("with the batch in flight", calls, clients, busy);
    String status = read(http, base + "/api/ai/batch/" + batchId, "status");
    String progressAtEnd = http.send(HttpRequest.newBuilder(URI.create(base + "/api/ai/batch/" + batchId)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    System.out.printf("after the interactive run the batch was %s%n", status);
    while (!"completed".equals(field(progressAtEnd, "status"))) {
      Thread.sleep(1000);
      progressAtEnd = http.send(HttpRequest.newBuilder(URI.create(base + "/api/ai/batch/" + batchId)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
    double seconds = Duration.between(Instant.parse(field(progressAtEnd, "createdAt")), Instant.parse(field(progressAtEnd, "completedAt")))
        .toMillis() / 1000.0;
    System.out.printf("batch completed: %d items in %.1f s = %.0f items/s%n", items, seconds, items / seconds);
    System.out.printf("interactive p99 with the batch / idle: %.2fx (target <= 1.5x)%n", busy[1] / idle[1]);
  }

  private static String read(HttpClient http, String url, String field) throws Exception {
    return field(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body(), field);
  }

  private static String field(String json, String name) {
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    return null;
  }

  /** p50, p99 in ms of {@code calls} route calls from {@code clients} concurrent callers. */
  private static double[] load(HttpClient http, String base, int calls, int clients) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/ai/route"))
        .timeout(Duration.ofSeconds(40))
        .header("content-type", "application/json")
        .header("cache-control", "no-cache")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"What is the capital of France?\"}"))
        .build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        futures.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status != 200) {
            throw new IllegalStateException("route answered " + status);
          }
          return (System.nanoTime() - t0) / 1000;
        }));
      }
      long[] micros = new long[calls];
      for (int i = 0; i < calls; i++) {
        micros[i] = futures.get(i).get();
      }
      Arrays.sort(micros);
      return new double[] {pct(micros, 50), pct(micros, 99)};
    } finally {
      pool.shutdownNow();
    }
  }

  private static void print(String label, int calls, int clients, double[] p) {
    System.out.printf("POST /api/ai/route %s: %d calls, %d concurrent callers: p50 %.1f ms   p99 %.1f ms%n", label, calls, clients, p[0], p[1]);
  }

  private static double pct(long[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1000.0;
  }
}
