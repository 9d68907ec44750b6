package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.multiai.gateway.providers.fake.FaultInjector;

/**
 * The "done when" figure: with 30 % random 500s on every provider, at least 99.9 % of 1,000
 * requests through /api/ai/route succeed. Real provider clients against fault-injecting fakes, the
 * real broker, every resilience setting at its default (3 attempts, 1 s backoff base, threshold 5,
 * 60 s open). Prints the success rate, p50/p99 latency and how many provider calls it took.
 *
 * <p>Run alone: {@code mvn -B -pl local-stack -am verify -Dtest=FaultyProvidersLoadTest
 * -Dsurefire.failIfNoSpecifiedTests=false} (also -Dresilience.requests=N, -Dresilience.errorRate=0.3,
 * -Dresilience.concurrency=16).
 */
class FaultyProvidersLoadTest {

  private static final int REQUESTS = Integer.getInteger("resilience.requests", 1000);
  private static final int CONCURRENCY = Integer.getInteger("resilience.concurrency", 16);
  private static final double ERROR_RATE = Double.parseDouble(System.getProperty("resilience.errorRate", "0.3"));
  private static final String[] PRIORITIES = {"cheap", "balanced", "quality"};

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes().ingress(LocalStackExtension.PLAIN_EDGE);

  private static final FaultInjector anthropic = FaultInjector.anthropic(11).errorRate(ERROR_RATE);
  private static final FaultInjector openai = FaultInjector.openai(12).errorRate(ERROR_RATE);
  private static final FaultInjector gemini = FaultInjector.gemini(13).errorRate(ERROR_RATE);

  @BeforeAll
  static void makeEveryProviderFlaky() {
    local.fakes().anthropic.otherwise(anthropic);
    local.fakes().openai.otherwise(openai);
    local.fakes().gemini.otherwise(gemini);
  }

  @Test
  void givenThirtyPercentRandom500sOnEveryProvider_whenAThousandRequestsAreRouted_thenAtLeast999PerMilleSucceed() throws Exception {
    GatewayClient gateway = local.client(TestKeys.ADMIN);
    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
    List<Future<long[]>> calls = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      String body = "{\"query\":\"hi " + i + "\",\"costPriority\":\"" + PRIORITIES[i % 3] + "\"}";
      calls.add(clients.submit(() -> {
        long t0 = System.nanoTime();
        GatewayClient.Response response = gateway.postJson("/api/ai/route", body);
        return new long[] {response.status(), (System.nanoTime() - t0) / 1_000_000};
      }));
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    long[] latencies = new long[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      long[] result = calls.get(i).get();
      statuses.merge((int) result[0], 1, Integer::sum);
      latencies[i] = result[1];
    }
    long wallMs = (System.nanoTime() - started) / 1_000_000;
    clients.shutdown();
    Arrays.sort(latencies);
    int succeeded = statuses.getOrDefault(200, 0);
    double rate = 100.0 * succeeded / REQUESTS;
    System.out.printf("resilience check: %d/%d succeeded (%.2f %%) with %.0f %% random 500s on every provider; "
        + "statuses %s; latency p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; %d s wall at concurrency %d; "
        + "provider calls: %d answered, %d failed%n", succeeded, REQUESTS, rate, ERROR_RATE * 100, statuses,
        percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99), latencies[REQUESTS - 1],
        wallMs / 1000, CONCURRENCY, anthropic.answered() + openai.answered() + gemini.answered(),
        anthropic.failed() + openai.failed() + gemini.failed());

    assertThat(rate).isGreaterThanOrEqualTo(99.9);
  }

  private static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
