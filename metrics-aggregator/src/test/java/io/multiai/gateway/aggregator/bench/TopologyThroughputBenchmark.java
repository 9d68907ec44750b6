package io.multiai.gateway.aggregator.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.TopologyFixture;
import io.multiai.gateway.aggregator.alerts.AlertSettings;
import io.multiai.gateway.aggregator.topology.MetricsTopology;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.MetricEvent;

/**
 * Feeds N synthetic metric events through the whole aggregator topology (windows of every size, the
 * default alert rules, per-user days) on a TopologyTestDriver with in-memory stores, single-threaded,
 * and prints events per second. Runs only when asked: {@code bench/aggregator-throughput.sh [N]}.
 *
 * <p>What it measures is the topology's own cost per event (decode, four groups, four aggregates each,
 * the sketch, the rules, the user's day); a deployed aggregator adds the broker round trips and the
 * transactions, and scales out by partition.
 */
class TopologyThroughputBenchmark {

  private static final String[] MODELS = {"gemini-2.5-flash", "gemini-2.5-pro", "gpt-5-mini", "gpt-5", "claude-haiku-4-5",
      "claude-sonnet-4-5"};

  @Test
  void measureEventsPerSecond(@TempDir Path stateDir) {
    String requested = System.getProperty("bench.events");
    assumeTrue(requested != null, "run with -Dbench.events=N (bench/aggregator-throughput.sh)");
    int events = Integer.parseInt(requested);
    List<TestRecord<String, MetricEvent>> warmUp = synthetic(Math.max(1_000, events / 10), 1);
    List<TestRecord<String, MetricEvent>> measured = synthetic(events, 2);
    try (TopologyFixture topology = new TopologyFixture(stateDir, AggregatorSettings.defaults(),
        AlertSettings.defaultRules(100), MetricsTopology.Hooks.NONE)) {
      feed(topology, warmUp);
      long started = System.nanoTime();
      feed(topology, measured);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("%n=== aggregator topology: %,d events in %.2f s = %,.0f events/s (after %,d warm-up events) ===%n%n",
          events, seconds, events / seconds, warmUp.size());
    }
  }

  /**
   * In chunks, reading what the topology wrote after each: the test driver keeps every record written
   * to any topic (changelogs included) until read, which would otherwise fill the heap and measure the
   * garbage collector.
   */
  private static void feed(TopologyFixture topology, List<TestRecord<String, MetricEvent>> records) {
    for (int from = 0; from < records.size(); from += 500) {
      topology.metrics.pipeRecordList(records.subList(from, Math.min(records.size(), from + 500)));
      for (String topic : topology.driver.producedTopicNames()) {
        topology.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
      }
    }
  }

  /** Events 10 ms apart from a fixed instant (windows roll over), 5 % failures, a third of them fallbacks. */
  private static List<TestRecord<String, MetricEvent>> synthetic(int n, long seed) {
    Random random = new Random(seed);
    long start = Instant.parse("2026-03-10T00:00:00Z").toEpochMilli() + seed * 86_400_000L;
    List<TestRecord<String, MetricEvent>> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String model = MODELS[random.nextInt(MODELS.length)];
      boolean success = random.nextInt(100) >= 5;
      long at = start + 10L * i;
      MetricEvent event = MetricEvent.newBuilder()
          .setRequestId("bench-" + seed + "-" + i)
          .setModel(model)
          .setProvider(model.split("-")[0])
          .setLatencyMs(Math.round(Math.exp(6 + 0.7 * random.nextGaussian())))
          .setInputTokens(50 + random.nextInt(500))
          .setOutputTokens(success ? 100 + random.nextInt(900) : 0)
          .setCostUsd(success ? random.nextDouble() / 100 : 0.0)
          .setSuccess(success)
          .setErrorType(success ? null : "server_error")
          .setConcluding(success || random.nextInt(3) != 0)
          .setComplexity(Complexity.values()[random.nextInt(3)])
          .setCostPriority(CostPriority.values()[random.nextInt(3)])
          .setUserIdHash(random.nextInt(5) == 0 ? String.format("%064x", random.nextInt(1_000)) : null)
          .setTimestampMs(at)
          .build();
      records.add(new TestRecord<>(model, event, Instant.ofEpochMilli(at)));
    }
    return records;
  }
}
