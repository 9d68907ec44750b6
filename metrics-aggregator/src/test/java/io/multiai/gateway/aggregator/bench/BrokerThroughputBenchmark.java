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
import java.util.concurrent.atomic.AtomicBoolean;
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
import io.multiai.gateway.aggregator.KraftBroker;
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
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;
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
 * <p>Throughput is measured in the steady state. A warm-up backlog ({@code bench.warmup}, default
 * 200,000 events of the five minutes before) goes through the same running topology first: the JIT
 * compiles the hot paths (in a fresh JVM the compiler threads used twice the stream thread's CPU), tasks
 * are assigned, stores opened. Then processing is paused, the measured backlog produced, processing
 * resumed, and the rate is taken from the moment the first 10 % of it were decoded to the moment the
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
  /** High enough that the synthetic traffic never reaches it: the sustained phase breaches it on purpose. */
  private static final double BUDGET = 1_000_000;

  @Test
  void measureEventsPerSecond() throws Exception {
    String requested = System.getProperty("bench.events");
    assumeTrue(requested != null, "run with -Dbench.events=N (bench/aggregator-throughput.sh)");
    int events = Integer.parseInt(requested);
    String jfr = System.getProperty("bench.jfr", "");

    EmbeddedKafkaKraftBroker broker = KraftBroker.start(1);
    Path stateDir = Files.createTempDirectory("aggregator-bench-");
    KafkaStreams streams = null;
    try {
      KafkaSettings kafka = new KafkaSettings(broker.getBrokersAsString(), 6, (short) 1, Duration.ofHours(1), Duration.ofDays(7),
          500, 0);
      Topics topics = new Topics(TopicNames.defaults());
      new TopicProvisioner(kafka).ensure(List.of(topics.metrics(), topics.metricWindows(), topics.alerts(), topics.userMetrics(),
          topics.userErasures(), topics.batchJobs(), topics.batchResults(), topics.batchStatus()), List.of(topics.metrics()));

      int warmUpEvents = Integer.getInteger("bench.warmup", 200_000);
      long start = Instant.now().minus(SPREAD.multipliedBy(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toEpochMilli();
      Expected warm = produce(kafka, topics, warmUpEvents, start, "warm-up", 7);

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
      streams = new KafkaStreams(new MetricsTopology(topics, settings, AlertSettings.defaultRules(BUDGET), hooks, StoreKind.PERSISTENT).build(),
          props);
      streams.start();
      String warmUpLine;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
        long warmUpFrom = System.nanoTime();
        while (decoded.get() < warmUpEvents || committedLag(admin, settings.applicationId(), topics.metrics().name())[2] != 0) {
          Thread.sleep(100);
          if (System.nanoTime() - warmUpFrom > Duration.ofMinutes(10).toNanos()) {
            throw new IllegalStateException("warm-up not done after 10 minutes: " + decoded.get() + " of " + warmUpEvents + " decoded");
          }
        }
        warmUpLine = String.format("warm-up (JIT, task assignment, stores): %,d events through the same topology in %.1f s, then"
            + " paused while the measured backlog was produced%n", warmUpEvents, (System.nanoTime() - warmUpFrom) / 1e9);
      }
      streams.pause();
      Expected expected = warm.plus(produce(kafka, topics, events, start + SPREAD.toMillis(), "bench", 42));
      long base = decoded.get();

      Recording recording = jfr.isBlank() ? null : startRecording();
      long began = System.nanoTime();
      streams.resume();

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
          long seen = decoded.get() - base;
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
      String load = Files.readString(Path.of("/proc/loadavg")).trim();
      long measured = events - warmUpAt;
      int rate = Integer.getInteger("bench.sustain.rate", 10_000);
      int sustainFor = Integer.getInteger("bench.sustain.seconds", 60);
      String sustainedReport = "";
      if (rate > 0 && sustainFor > 0) {
        Traffic traffic = new Traffic("sustained", 99);
        sustainedReport = sustained(kafka, topics, settings.applicationId(), rate, sustainFor, traffic);
        expected = expected.plus(traffic.expected());
      }
      String check = check(kafka, topics, expected, late.get());
      StringBuilder out = new StringBuilder();
      out.append(String.format("%n=== aggregator on a broker: %,d events (exactly_once_v2, 1 stream thread, %s stores) ===%n",
          events, StoreKind.PERSISTENT));
      out.append(warmUpLine);
      out.append("lag curve, from the resumption: events not yet decoded; committed consumer lag on ai.metrics and on the repartition topics\n");
      out.append("| s | not decoded | ai.metrics lag | repartition lag |\n|---|---|---|---|\n");
      curve.forEach(line -> out.append("  ").append(line).append('\n'));
      out.append(String.format("| events | steady-state events/s | stream-thread CPU per event | process CPU per event | wall s | load avg (1/5/15) |%n"));
      out.append(String.format("|---|---|---|---|---|---|%n"));
      out.append(String.format("| %,d (first %,d warm-up) | %,.0f | %.2f µs | %.2f µs | %.2f | %s |%n", events, warmUpAt,
          measured / seconds, threadCpu / 1e3 / measured, processCpu / 1e3 / measured, seconds,
          String.join(" / ", List.of(load.split(" ")).subList(0, 3))));
      out.append(sustainedReport);
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
  private record Expected(long calls, long cacheHits, long queries) {
    Expected plus(Expected other) {
      return new Expected(calls + other.calls, cacheHits + other.cacheHits, queries + other.queries);
    }
  }

  /**
   * The synthetic traffic: seven models of three providers (one outside the catalog), 5 % failures of
   * four kinds (a third of them fallbacks), 10 % cache hits, 2 % unpriced, all complexities and cost
   * priorities, a fifth of them from one of 2,000 users, up to 2 s of disorder. Counts what it made.
   */
  private static final class Traffic {
    private final Random random;
    private final String prefix;
    private long made;
    long calls;
    long hits;
    long queries;

    Traffic(String prefix, long seed) {
      this.prefix = prefix;
      this.random = new Random(seed);
    }

    ProducerRecord<String, MetricEvent> next(String topic, long atMs) {
      String model = MODELS[random.nextInt(MODELS.length)];
      boolean hit = random.nextInt(10) == 0;
      boolean success = hit || random.nextInt(100) >= 5;
      boolean concluding = success || random.nextInt(3) != 0;
      long at = atMs - random.nextInt(2_000);
      MetricEvent event = MetricEvent.newBuilder()
          .setRequestId(prefix + "-" + made++)
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
      calls += hit ? 0 : 1;
      hits += hit ? 1 : 0;
      queries += concluding || hit ? 1 : 0;
      // Keyed by model, as the workers publish them.
      return new ProducerRecord<>(topic, null, at, model, event);
    }

    /** One successful call that costs {@code costUsd}. */
    ProducerRecord<String, MetricEvent> breach(String topic, long atMs, double costUsd) {
      MetricEvent event = MetricEvent.newBuilder()
          .setRequestId(prefix + "-breach-" + made++)
          .setModel("gpt-5").setProvider("openai")
          .setLatencyMs(500).setInputTokens(10).setOutputTokens(10).setCostUsd(costUsd)
          .setSuccess(true).setConcluding(true)
          .setTimestampMs(atMs)
          .build();
      calls++;
      queries++;
      return new ProducerRecord<>(topic, null, atMs, event.getModel(), event);
    }

    Expected expected() {
      return new Expected(calls, hits, queries);
    }
  }

  private static KafkaProducer<String, byte[]> producer(KafkaSettings kafka, int lingerMs) {
    Map<String, Object> config = kafka.producer("bench-producer");
    config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(config);
  }

  private static void send(KafkaProducer<String, byte[]> producer, Topics topics, ProducerRecord<String, MetricEvent> record) {
    producer.send(new ProducerRecord<>(record.topic(), null, record.timestamp(), record.key(),
        topics.metrics().valueSerde().serializer().serialize(record.topic(), record.value())));
  }

  /** N events spread evenly over {@link #SPREAD} from {@code startMs}. */
  private static Expected produce(KafkaSettings kafka, Topics topics, int n, long startMs, String prefix, long seed) {
    Traffic traffic = new Traffic(prefix, seed);
    try (KafkaProducer<String, byte[]> producer = producer(kafka, 20)) {
      for (int i = 0; i < n; i++) {
        send(producer, topics, traffic.next(topics.metrics().name(), startMs + SPREAD.toMillis() * i / n));
      }
      producer.flush();
    }
    return traffic.expected();
  }

  /**
   * Sustained load after the backlog: {@code rate} events/s with the current time for {@code seconds},
   * the committed lag sampled each second, and half-way one event whose cost breaches the daily budget:
   * how long until its alert is readable (read_committed) on ai.alerts, measured from the broker's
   * acknowledgement of the event.
   */
  private static String sustained(KafkaSettings kafka, Topics topics, String applicationId, int rate, int seconds,
      Traffic traffic) throws Exception {
    String topic = topics.metrics().name();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    Thread load = new Thread(() -> {
      try (KafkaProducer<String, byte[]> producer = producer(kafka, 5)) {
        long begin = System.nanoTime();
        while (running.get()) {
          long due = (System.nanoTime() - begin) * rate / 1_000_000_000L;
          while (sent.get() < due) {
            send(producer, topics, traffic.next(topic, System.currentTimeMillis()));
            sent.incrementAndGet();
          }
          Thread.sleep(5);
        }
        producer.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-sustained-load");

    Map<String, Object> config = kafka.assignedConsumer("bench-alerts", "latest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    StringBuilder out = new StringBuilder();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long maxSourceLag = 0;
    long maxRepartitionLag = 0;
    long alertMs = -1;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        KafkaConsumer<String, byte[]> alerts = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = alerts.partitionsFor(topics.alerts().name()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      alerts.assign(partitions);
      alerts.seekToEnd(partitions);
      partitions.forEach(alerts::position);
      out.append(String.format("sustained load: %,d events/s for %d s (timestamps now), daily budget breached half-way%n", rate, seconds));
      out.append("| s | produced | ai.metrics lag | repartition lag | stream thread CPU | process CPU |\n|---|---|---|---|---|---|\n");
      long begin = System.nanoTime();
      long threadCpu = streamThreadCpu(threads);
      long processCpu = os.getProcessCpuTime();
      long probeAcked = 0;
      long sampled = begin;
      load.start();
      for (int second = 1; second <= seconds; second++) {
        long due = begin + second * 1_000_000_000L;
        while (System.nanoTime() < due) {
          if (probeAcked != 0 && alertMs < 0) {
            for (ConsumerRecord<String, byte[]> record : alerts.poll(Duration.ofMillis(20))) {
              Alert alert = topics.alerts().valueSerde().deserializer().deserialize(record.topic(), record.value());
              if ("daily_cost_over_budget".equals(alert.getRule()) && alert.getState() == AlertState.FIRING) {
                alertMs = (System.nanoTime() - probeAcked) / 1_000_000;
              }
            }
          } else {
            Thread.sleep(20);
          }
        }
        if (second == seconds / 2) {
          try (KafkaProducer<String, byte[]> probe = producer(kafka, 0)) {
            ProducerRecord<String, MetricEvent> breach = traffic.breach(topic, System.currentTimeMillis(), BUDGET * 2);
            probe.send(new ProducerRecord<>(topic, null, breach.timestamp(), breach.key(),
                topics.metrics().valueSerde().serializer().serialize(topic, breach.value()))).get();
            probeAcked = System.nanoTime();
          }
        }
        long[] lag = committedLag(admin, applicationId, topics.metrics().name());
        maxSourceLag = Math.max(maxSourceLag, lag[0]);
        maxRepartitionLag = Math.max(maxRepartitionLag, lag[1]);
        long now = System.nanoTime();
        long threadNow = streamThreadCpu(threads);
        long processNow = os.getProcessCpuTime();
        if (second % 5 == 0 || second == 1) {
          out.append(String.format("| %d | %,d | %,d | %,d | %.0f %% | %.0f %% |%n", second, sent.get(), lag[0], lag[1],
              100.0 * (threadNow - threadCpu) / (now - sampled), 100.0 * (processNow - processCpu) / (now - sampled)));
        }
        threadCpu = threadNow;
        processCpu = processNow;
        sampled = now;
      }
      running.set(false);
      load.join();
      long drainFrom = System.nanoTime();
      while (committedLag(admin, applicationId, topics.metrics().name())[2] != 0) {
        Thread.sleep(50);
      }
      while (alertMs < 0 && probeAcked != 0 && System.nanoTime() - probeAcked < Duration.ofSeconds(30).toNanos()) {
        for (ConsumerRecord<String, byte[]> record : alerts.poll(Duration.ofMillis(20))) {
          Alert alert = topics.alerts().valueSerde().deserializer().deserialize(record.topic(), record.value());
          if ("daily_cost_over_budget".equals(alert.getRule()) && alert.getState() == AlertState.FIRING) {
            alertMs = (System.nanoTime() - probeAcked) / 1_000_000;
          }
        }
      }
      out.append(String.format("max committed lag: ai.metrics %,d, repartition %,d; after the load stopped, all committed in %.1f s;"
          + " alert on ai.alerts %s after the breaching event was acknowledged%n", maxSourceLag, maxRepartitionLag,
          (System.nanoTime() - drainFrom) / 1e9, alertMs < 0 ? "NOT SEEN within 30 s" : alertMs + " ms"));
    }
    return out.toString();
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
