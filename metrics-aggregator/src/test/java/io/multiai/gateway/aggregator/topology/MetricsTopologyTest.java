package io.multiai.gateway.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

class MetricsTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final long MINUTE = 60_000;

  private final Topics topics = new Topics(TopicNames.defaults());
  private TopologyTestDriver driver;
  private TestInputTopic<String, MetricEvent> metrics;
  private TestInputTopic<String, byte[]> rawMetrics;
  private TestOutputTopic<String, MetricWindow> windows;

  @BeforeEach
  void startTopology(@TempDir Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-aggregator-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(new MetricsTopology(topics, AggregatorSettings.defaults(), java.util.List.of(), MetricsTopology.Hooks.NONE,
        StoreKind.IN_MEMORY).build(), props);
    metrics = driver.createInputTopic(topics.metrics().name(), Serdes.String().serializer(),
        topics.metrics().valueSerde().serializer());
    rawMetrics = driver.createInputTopic(topics.metrics().name(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
    windows = driver.createOutputTopic(topics.metricWindows().name(), Serdes.String().deserializer(),
        topics.metricWindows().valueSerde().deserializer());
  }

  @AfterEach
  void closeTopology() {
    driver.close();
  }

  @Test
  void keepsRunningTotalsPerModelAndOverModels() {
    publish(call("gpt-5-mini", 100, 0.001).setInputTokens(10).setOutputTokens(20), T0);
    publish(call("gpt-5-mini", 300, 0.002).setInputTokens(1).setOutputTokens(2), T0.plusSeconds(30));
    publish(call("claude-haiku-4-5", 200, 0.01).setInputTokens(5).setOutputTokens(7), T0.plusSeconds(3600));

    Map<String, MetricWindow> latest = windows.readKeyValuesToMap();

    MetricWindow mini = latest.get("gpt-5-mini|0|0");
    assertThat(mini.getModel()).isEqualTo("gpt-5-mini");
    assertThat(mini.getWindowSizeMs()).isZero();
    assertThat(mini.getWindowStartMs()).isZero();
    assertThat(mini.getWindowEndMs()).isZero();
    assertThat(mini.getCount()).isEqualTo(2);
    assertThat(mini.getSuccesses()).isEqualTo(2);
    assertThat(mini.getCostUsd()).isEqualTo(0.003, within());
    assertThat(mini.getInputTokens()).isEqualTo(11);
    assertThat(mini.getOutputTokens()).isEqualTo(22);
    assertThat(mini.getLatencySumMs()).isEqualTo(400);
    assertThat(mini.getLatencyMaxMs()).isEqualTo(300);

    MetricWindow all = latest.get("*|0|0");
    assertThat(all.getModel()).isEqualTo("*");
    assertThat(all.getCount()).isEqualTo(3);
    assertThat(all.getCostUsd()).isEqualTo(0.013, within());
    assertThat(all.getInputTokens()).isEqualTo(16);
    assertThat(all.getOutputTokens()).isEqualTo(29);
    assertThat(all.getLatencySumMs()).isEqualTo(600);
    assertThat(all.getLatencyMaxMs()).isEqualTo(300);
    assertThat(latest.get("claude-haiku-4-5|0|0").getCount()).isEqualTo(1);
  }

  @Test
  void countsEachCallInItsModelsOneMinuteWindow() {
    publish(call("gpt-5", 100, 0.5), T0.plusMillis(59_900));
    publish(call("gpt-5", 200, 0.25), T0.plusMillis(60_100));

    Map<String, MetricWindow> latest = windows.readKeyValuesToMap();

    long firstMinute = T0.toEpochMilli();
    MetricWindow first = latest.get("gpt-5|60000|" + firstMinute);
    assertThat(first.getWindowSizeMs()).isEqualTo(MINUTE);
    assertThat(first.getWindowStartMs()).isEqualTo(firstMinute);
    assertThat(first.getWindowEndMs()).isEqualTo(firstMinute + MINUTE);
    assertThat(first.getCount()).isEqualTo(1);
    assertThat(first.getLatencySumMs()).isEqualTo(100);
    assertThat(first.getCostUsd()).isEqualTo(0.5, within());

    MetricWindow second = latest.get("gpt-5|60000|" + (firstMinute + MINUTE));
    assertThat(second.getWindowStartMs()).isEqualTo(firstMinute + MINUTE);
    assertThat(second.getCount()).isEqualTo(1);
    assertThat(second.getLatencySumMs()).isEqualTo(200);

    assertThat(latest.get("*|60000|" + firstMinute).getCount()).isEqualTo(1);
    assertThat(latest.get("*|60000|" + (firstMinute + MINUTE)).getCount()).isEqualTo(1);
    assertThat(latest.get("gpt-5|0|0").getCount()).isEqualTo(2);
  }

  @Test
  void publishesEveryUpdateOfAnOpenWindowNotOnlyWhenItCloses() {
    publish(call("gpt-5", 100, 0.1), T0.plusSeconds(1));
    assertThat(lastValueOf("gpt-5|60000|" + T0.toEpochMilli()).getCount()).isEqualTo(1);

    publish(call("gpt-5", 100, 0.1), T0.plusSeconds(2));
    assertThat(lastValueOf("gpt-5|60000|" + T0.toEpochMilli()).getCount()).isEqualTo(2);
  }

  @Test
  void aCallLaterThanTheGraceLeavesItsWindowAloneButCountsInTheTotal() {
    publish(call("gpt-5", 100, 0.1), T0.plusSeconds(5));
    publish(call("gpt-5", 100, 0.1), T0.plusSeconds(60 + 11));
    windows.readKeyValuesToMap();

    publish(call("gpt-5", 100, 0.1), T0.plusSeconds(30));

    Map<String, MetricWindow> updates = windows.readKeyValuesToMap();
    assertThat(updates).doesNotContainKey("gpt-5|60000|" + T0.toEpochMilli());
    assertThat(updates.get("gpt-5|0|0").getCount()).isEqualTo(3);
  }

  @Test
  void sumsOnlyKnownCostsAndCountsTheCallsWhoseCostIsUnknown() {
    publish(call("gpt-5", 100, 0.25), T0);
    publish(call("gpt-5", 100, null), T0.plusSeconds(1));
    publish(call("gpt-5", 100, 0.5), T0.plusSeconds(2));

    Map<String, MetricWindow> latest = windows.readKeyValuesToMap();

    for (String key : new String[] {"gpt-5|0|0", "gpt-5|60000|" + T0.toEpochMilli(), "*|0|0"}) {
      MetricWindow window = latest.get(key);
      assertThat(window.getCount()).as(key).isEqualTo(3);
      assertThat(window.getCostUsd()).as(key).isEqualTo(0.75, within());
      assertThat(window.getUnknownCostCount()).as(key).isEqualTo(1);
    }
  }

  @Test
  void countsFailedCallsInTheCountButNotInTheSuccesses() {
    publish(call("gemini-2.5-pro", 100, 0.1), T0);
    publish(call("gemini-2.5-pro", 5_000, null).setSuccess(false).setErrorType("TIMEOUT"), T0.plusSeconds(1));
    publish(call("gemini-2.5-pro", 50, null).setSuccess(false).setErrorType("RATE_LIMITED"), T0.plusSeconds(2));

    MetricWindow total = windows.readKeyValuesToMap().get("gemini-2.5-pro|0|0");

    assertThat(total.getCount()).isEqualTo(3);
    assertThat(total.getSuccesses()).isEqualTo(1);
    assertThat(total.getCount() - total.getSuccesses()).as("failures").isEqualTo(2);
    assertThat(total.getLatencyMaxMs()).isEqualTo(5_000);
  }

  @Test
  void takesTheModelFromTheEventWhateverTheRecordKey() {
    metrics.pipeInput(new TestRecord<>("some-other-key", call("gpt-5", 100, 0.1).build(), T0));

    assertThat(windows.readKeyValuesToMap()).containsKeys("gpt-5|0|0", "*|0|0").doesNotContainKey("some-other-key|0|0");
  }

  @Test
  void parksARecordThatIsNotAMetricEventOnTheDeadLetterTopicAndGoesOn() {
    TestOutputTopic<String, byte[]> deadLetters = driver.createOutputTopic(topics.metrics().deadLetterTopic(),
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

    rawMetrics.pipeInput(new TestRecord<>("gpt-5", "not avro".getBytes(StandardCharsets.UTF_8), T0));
    publish(call("gpt-5", 100, 0.1), T0.plusSeconds(1));

    TestRecord<String, byte[]> parked = deadLetters.readRecord();
    assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
    assertThat(parked.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value())
        .isEqualTo(topics.metrics().name().getBytes(StandardCharsets.UTF_8));
    assertThat(parked.headers().lastHeader(DeadLetters.ERROR_CLASS)).isNotNull();
    assertThat(windows.readKeyValuesToMap().get("gpt-5|0|0").getCount()).isEqualTo(1);
  }

  private void publish(MetricEvent.Builder event, Instant at) {
    metrics.pipeInput(new TestRecord<>(event.getModel(), event.setTimestampMs(at.toEpochMilli()).build(), at));
  }

  private MetricWindow lastValueOf(String key) {
    return windows.readKeyValuesToMap().get(key);
  }

  private static MetricEvent.Builder call(String model, long latencyMs, Double costUsd) {
    return MetricEvent.newBuilder()
        .setRequestId("r-" + System.nanoTime())
        .setModel(model)
        .setProvider("test")
        .setLatencyMs(latencyMs)
        .setInputTokens(0)
        .setOutputTokens(0)
        .setCostUsd(costUsd)
        .setSuccess(true)
        .setTimestampMs(0);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
