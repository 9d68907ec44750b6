package io.multiai.gateway.aggregator.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.alerts.AlertSettings;
import io.multiai.gateway.aggregator.meters.CallMeters;
import io.multiai.gateway.aggregator.streams.StateDirectory;
import io.multiai.gateway.aggregator.streams.StreamsConfigs;
import io.multiai.gateway.aggregator.topology.MetricsTopology;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;
import jdk.jfr.Recording;

/**
 * The aggregator's real topology on a real in-JVM KRaft broker, configured as in production
 * ({@link StreamsConfigs}: exactly_once_v2, one stream thread, RocksDB stores, the default alert rules,
 * the Prometheus call meters), fed from a backlog of N Avro MetricEvents produced to {@code ai.metrics}
 * beforehand. Runs only when asked: {@code bench/aggregator-throughput.sh [N]}.
 *
 * <p>Throughput is measured in the steady state: from the moment the topology has decoded the first
 * 10 % of the events (JIT, task assignment and store opening are behind it) to the moment the
 * application's committed offsets cover every input record, repartition topics included (the work is
 * done and its transaction committed). CPU time is the stream thread's and the whole process's (the
 * broker and this harness share it) over the same interval. The lag curve is the source backlog not yet
 * decoded, one sample a second.
 */
class BrokerThroughputBenchmark {

  private static final String[] MODELS = {"gemini-2.5-flash", "gemini-2.5-pro", "gpt-5-mini", "gpt-5", "claude-haiku-4-5",
      "claude-sonnet-4-5", "some-pinned-model"};
  private static final String[] ERRORS = {"server_error", "timeout", "rate_limited", "invalid_response"};
  private static final Duration SPREAD = Duration.ofMinutes(5);

  @Test
  void measureEventsPerSecond() throws Exception {
    String requested = System.getProperty("bench.events");
    assumeTrue(requested != null, "run with -Dbench.events=N (bench/aggregator-throughput.sh)");
    int events = Integer.parseInt(requested);
    String jfr = System.getProperty("bench.jfr", "");

    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    // As LocalKafka (local-stack) and the aggregator's integration test: one broker, so internal
    // topics (transactions, offsets) take one replica, and nothing waits to batch group writes.
    broker.brokerProperty("transaction.state.log.replication.factor", "1");
    broker.brokerProperty("transaction.state.log.min.isr", "1");
    broker.brokerProperty("offsets.topic.replication.factor", "1");
    broker.brokerProperty("group.coordinator.append.linger.ms", "0");
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    Path stateDir = Files.createTempDirectory("aggregator-bench-");
    KafkaStreams streams = null;
    try {
      KafkaSettings kafka = new KafkaSettings(broker.getBrokersAsString(), 6, (short) 1, Duration.ofHours(1), Duration.ofDays(7),
          500, 0);
      Topics topics = new Topics(TopicNames.defaults());
      new TopicProvisioner(kafka).ensure(List.of(topics.metrics(), topics.metricWindows(), topics.alerts(), topics.userMetrics(),
          topics.userErasures(), topics.batchJobs(), topics.batchResults(), topics.batchStatus()), List.of(topics.metrics()));

      Instant start = Instant.now().minus(SPREAD).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      Expected expected = produce(kafka, topics, events, start.toEpochMilli());

      AggregatorSettings settings = AggregatorSettings.defaults();
      AtomicLong decoded = new AtomicLong();
      CallMeters meters = new CallMeters(new SimpleMeterRegistry(), Set.of(MODELS).stream()
          .filter(model -> !model.startsWith("some-")).collect(java.util.stream.Collectors.toSet()));
      AtomicLong late = new AtomicLong();
      MetricsTopology.Hooks hooks = new MetricsTopology.Hooks(window -> {
        late.incrementAndGet();
        meters.tooLateFor(window);
      }, event -> {
        decoded.lazySet(decoded.get() + 1);
        meters.accept(event);
      });
      Properties props = StreamsConfigs.forAggregator(kafka, settings, new StateDirectory(stateDir, true));
      streams = new KafkaStreams(new MetricsTopology(topics, settings, AlertSettings.defaultRules(100), hooks, StoreKind.PERSISTENT).build(),
          props);
      Recording recording = jfr.isBlank() ? null : startRecording();
      long began = System.nanoTime();
      streams.start();

      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      List<String> curve = new ArrayList<>();
      long warmUpAt = Math.max(1, events / 10);
      long steadyFrom = 0;
      long threadCpuFrom = 0;
      long processCpuFrom = 0;
      long lastSample = 0;
      long doneAt = 0;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
        while (true) {
          Thread.sleep(50);
          long now = System.nanoTime();
          long seen = decoded.get();
          if (steadyFrom == 0 && seen >= warmUpAt) {
            steadyFrom = now;
            threadCpuFrom = streamThreadCpu(threads);
            processCpuFrom = os.getProcessCpuTime();
          }
          if (now - lastSample >= 1_000_000_000L) {
            lastSample = now;
            long[] lag = committedLag(admin, settings.applicationId(), topics.metrics().name());
            curve.add(String.format("| %6.1f | %,9d | %,9d | %,9d |", (now - began) / 1e9, events - seen, lag[0], lag[1]));
          }
          if (seen >= events && committedLag(admin, settings.applicationId(), topics.metrics().name())[2] == 0) {
            doneAt = now;
            break;
          }
          if (now - began > Duration.ofMinutes(20).toNanos()) {
            throw new IllegalStateException("not done after 20 minutes: " + seen + " of " + events + " decoded");
          }
        }
      }
      long threadCpu = streamThreadCpu(threads) - threadCpuFrom;
      long processCpu = os.getProcessCpuTime() - processCpuFrom;
      if (recording != null) {
        recording.stop();
        recording.dump(Path.of(jfr));
        recording.close();
      }
      double seconds = (doneAt - steadyFrom) / 1e9;
      long measured = events - warmUpAt;
      String check = check(kafka, topics, expected, late.get());
      String load = Files.readString(Path.of("/proc/loadavg")).trim();
      StringBuilder out = new StringBuilder();
      out.append(String.format("%n=== aggregator on a broker: %,d events (exactly_once_v2, 1 stream thread, %s stores) ===%n",
          events, StoreKind.PERSISTENT));
      out.append("lag curve: events not yet decoded; committed consumer lag on ai.metrics and on the repartition topics\n");
      out.append("| s | not decoded | ai.metrics lag | repartition lag |\n|---|---|---|---|\n");
      curve.forEach(line -> out.append("  ").append(line).append('\n'));
      out.append(String.format("| events | steady-state events/s | stream-thread CPU per event | process CPU per event | wall s | load avg (1/5/15) |%n"));
      out.append(String.format("|---|---|---|---|---|---|%n"));
      out.append(String.format("| %,d (first %,d warm-up) | %,.0f | %.2f µs | %.2f µs | %.2f | %s |%n", events, warmUpAt,
          measured / seconds, threadCpu / 1e3 / measured, processCpu / 1e3 / measured, seconds,
          String.join(" / ", List.of(load.split(" ")).subList(0, 3))));
      out.append(check).append('\n');
      System.out.println(out);
    } finally {
      if (streams != null) {
        streams.close(Duration.ofSeconds(30));
      }
      broker.destroy();
      org.springframework.util.FileSystemUtils.deleteRecursively(stateDir);
    }
  }

  private static Recording startRecording() throws Exception {
    Recording recording = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
    recording.start();
    return recording;
  }

  /** CPU time of the Streams threads (the one stream thread does the topology's work). */
  private static long streamThreadCpu(ThreadMXBean threads) {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("StreamThread")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /**
   * The application's committed lag: on the source topic, on its internal (repartition) topics, and
   * whether anything is left at all (1) or not (0); before its first commit everything counts as left.
   */
  private static long[] committedLag(Admin admin, String groupId, String source) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata().get();
    if (committed.isEmpty()) {
      return new long[] {-1, -1, 1};
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
        org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
    long[] lag = new long[3];
    for (var entry : committed.entrySet()) {
      long behind = entry.getValue() == null ? Long.MAX_VALUE / 4 : Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
      lag[entry.getKey().topic().equals(source) ? 0 : 1] += behind;
    }
    lag[2] = lag[0] + lag[1] > 0 ? 1 : 0;
    return lag;
  }

  /** What the all-models running total must say once every event is counted. */
  private record Expected(long calls, long cacheHits, long queries) {}

  /**
   * N events spread over {@link #SPREAD} before now, in order per model with up to 2 s of jitter: seven
   * models of three providers (one outside the catalog), 5 % failures of four kinds (a third of them
   * fallbacks), 10 % cache hits, 2 % unpriced, all complexities and cost priorities, a fifth of them
   * from one of 2,000 users. Keyed by model, as the workers publish them.
   */
  private static Expected produce(KafkaSettings kafka, Topics topics, int n, long startMs) {
    Map<String, Object> config = kafka.producer("bench-producer");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    var serializer = topics.metrics().valueSerde().serializer();
    Random random = new Random(42);
    long calls = 0;
    long hits = 0;
    long queries = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      for (int i = 0; i < n; i++) {
        String model = MODELS[random.nextInt(MODELS.length)];
        boolean hit = random.nextInt(10) == 0;
        boolean success = hit || random.nextInt(100) >= 5;
        boolean concluding = success || random.nextInt(3) != 0;
        long at = startMs + SPREAD.toMillis() * i / n - random.nextInt(2_000);
        MetricEvent event = MetricEvent.newBuilder()
            .setRequestId("bench-" + i)
            .setModel(model)
            .setProvider(model.split("-")[0])
            .setLatencyMs(hit ? 1 : Math.round(Math.exp(6 + 0.7 * random.nextGaussian())))
            .setInputTokens(hit ? 0 : 50 + random.nextInt(500))
            .setOutputTokens(success && !hit ? 100 + random.nextInt(900) : 0)
            .setCostUsd(hit ? null : random.nextInt(50) == 0 ? null : success ? random.nextDouble() / 100 : 0.0)
            .setSuccess(success)
            .setErrorType(success ? null : ERRORS[random.nextInt(ERRORS.length)])
            .setConcluding(concluding)
            .setCacheHit(hit)
            .setComplexity(Complexity.values()[random.nextInt(3)])
            .setCostPriority(CostPriority.values()[random.nextInt(3)])
            .setUserIdHash(random.nextInt(5) == 0 ? String.format("%064x", random.nextInt(2_000)) : null)
            .setTimestampMs(at)
            .build();
        producer.send(new ProducerRecord<>(topics.metrics().name(), null, at, model, serializer.serialize(topics.metrics().name(), event)));
        calls += hit ? 0 : 1;
        hits += hit ? 1 : 0;
        queries += concluding || hit ? 1 : 0;
      }
      producer.flush();
    }
    return new Expected(calls, hits, queries);
  }

  /**
   * Reads the all-models running total and one-minute windows back (read_committed) and compares them
   * with what was produced: no event is later than the grace, so every one must be in its minute.
   */
  private static String check(KafkaSettings kafka, Topics topics, Expected expected, long late) {
    Map<String, Object> config = kafka.assignedConsumer("bench-check", "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    MetricWindow total = null;
    Map<String, Long> minutes = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.metricWindows().name()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if ("*|0|0".equals(record.key())) {
            total = topics.metricWindows().valueSerde().deserializer().deserialize(record.topic(), record.value());
          } else if (record.key().startsWith("*|60000|")) {
            MetricWindow minute = topics.metricWindows().valueSerde().deserializer().deserialize(record.topic(), record.value());
            minutes.put(record.key(), minute.getCount() + minute.getCacheHits());
          }
        }
      }
    }
    long inMinutes = minutes.values().stream().mapToLong(Long::longValue).sum();
    boolean ok = total != null && total.getCount() == expected.calls() && total.getCacheHits() == expected.cacheHits()
        && total.getQueries() == expected.queries() && inMinutes == expected.calls() + expected.cacheHits();
    return String.format("check (all models): events in one-minute windows %,d / %,d (late events counted: %,d); running total:"
        + " calls %s / %,d, cache hits %s / %,d, queries %s / %,d: %s", inMinutes, expected.calls() + expected.cacheHits(), late,
        total == null ? "-" : String.format("%,d", total.getCount()), expected.calls(),
        total == null ? "-" : String.format("%,d", total.getCacheHits()), expected.cacheHits(),
        total == null ? "-" : String.format("%,d", total.getQueries()), expected.queries(), ok ? "OK" : "MISMATCH");
  }
}
