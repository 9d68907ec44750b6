package io.multiai.gateway.aggregator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import io.multiai.gateway.aggregator.alerts.AlertRule;
import io.multiai.gateway.aggregator.topology.MetricsTopology;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.ErasureRequest;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;
import io.multiai.gateway.schemas.UserDailyMetrics;

/** The aggregator's topology on a {@link TopologyTestDriver}, with its input and output topics. */
public final class TopologyFixture implements AutoCloseable {

  public final Topics topics = new Topics(TopicNames.defaults());
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, MetricEvent> metrics;
  public final TestInputTopic<String, ErasureRequest> erasures;
  public final TestOutputTopic<String, MetricWindow> windows;
  public final TestOutputTopic<String, Alert> alerts;
  public final TestOutputTopic<String, UserDailyMetrics> users;

  public TopologyFixture(Path stateDir, AggregatorSettings settings, List<AlertRule> rules, MetricsTopology.Hooks hooks) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-aggregator-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(new MetricsTopology(topics, settings, rules, hooks, StoreKind.IN_MEMORY).build(), props);
    metrics = driver.createInputTopic(topics.metrics().name(), Serdes.String().serializer(), topics.metrics().valueSerde().serializer());
    erasures = driver.createInputTopic(topics.userErasures().name(), Serdes.String().serializer(),
        topics.userErasures().valueSerde().serializer());
    windows = driver.createOutputTopic(topics.metricWindows().name(), Serdes.String().deserializer(),
        topics.metricWindows().valueSerde().deserializer());
    alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
    users = driver.createOutputTopic(topics.userMetrics().name(), Serdes.String().deserializer(),
        topics.userMetrics().valueSerde().deserializer());
  }

  public void publish(MetricEvent.Builder event, Instant at) {
    metrics.pipeInput(new TestRecord<>(event.getModel(), event.setTimestampMs(at.toEpochMilli()).build(), at));
  }

  /** A successful, concluding call of the model. */
  public static MetricEvent.Builder call(String model, long latencyMs, Double costUsd) {
    return MetricEvent.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setModel(model)
        .setProvider("test")
        .setLatencyMs(latencyMs)
        .setInputTokens(0)
        .setOutputTokens(0)
        .setCostUsd(costUsd)
        .setSuccess(true)
        .setTimestampMs(0);
  }

  public static MetricEvent.Builder failedCall(String model, String errorType) {
    return call(model, 100, 0.0).setSuccess(false).setErrorType(errorType);
  }

  @Override
  public void close() {
    driver.close();
  }
}
