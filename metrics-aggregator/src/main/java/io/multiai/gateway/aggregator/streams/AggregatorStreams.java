package io.multiai.gateway.aggregator.streams;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.FileSystemUtils;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.Topics;

/** Runs the aggregator's Kafka Streams application for as long as the Spring context runs. */
public class AggregatorStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AggregatorStreams.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Topology topology;
  private final Properties properties;
  private final StateDirectory stateDir;
  private final TopicProvisioner provisioner;
  private final Topics topics;
  private final MeterRegistry meters;

  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;

  public AggregatorStreams(Topology topology, Properties properties, StateDirectory stateDir,
      TopicProvisioner provisioner, Topics topics, MeterRegistry meters) {
    this.topology = topology;
    this.properties = properties;
    this.stateDir = stateDir;
    this.provisioner = provisioner;
    this.topics = topics;
    this.meters = meters;
  }

  @Override
  public synchronized void start() {
    if (streams != null) {
      return;
    }
    // Streams refuses to start while a source topic is missing; the sink and the dead-letter topic
    // are created here too so they get the gateway's retention and compaction, not broker defaults.
    provisioner.ensure(List.of(topics.metrics(), topics.metricWindows(), topics.alerts(), topics.userMetrics(),
        topics.userErasures(), topics.batchJobs(), topics.batchResults(), topics.batchStatus()), List.of(topics.metrics()));
    KafkaStreams created = new KafkaStreams(topology, properties);
    created.setStateListener((now, before) -> log.info("metrics aggregator {} -> {}", before, now));
    created.setUncaughtExceptionHandler(error -> {
      // Replacing the thread would retry the same record for ever; stopping shows DOWN in health.
      log.error("metrics aggregator stopped on an unexpected error", error);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    if (meters != null) {
      streamsMetrics = new KafkaStreamsMetrics(created);
      streamsMetrics.bindTo(meters);
    }
    created.start();
    streams = created;
  }

  @Override
  public synchronized void stop() {
    KafkaStreams running = streams;
    if (running == null) {
      return;
    }
    // Leave the group now (the member is static, see StreamsConfigs): a restarted aggregator then gets its
    // tasks at once instead of waiting for this member to be declared dead.
    running.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT).leaveGroup(true));
    if (streamsMetrics != null) {
      streamsMetrics.close();
      streamsMetrics = null;
    }
    streams = null;
    if (stateDir.ephemeral()) {
      try {
        FileSystemUtils.deleteRecursively(stateDir.path());
      } catch (IOException e) {
        log.warn("could not delete the state directory {}", stateDir.path(), e);
      }
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** The Streams state, or {@code null} before start and after stop. */
  public KafkaStreams.State state() {
    KafkaStreams current = streams;
    return current == null ? null : current.state();
  }
}
