package io.multiai.gateway.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.common.kafka.KafkaSettings;

class StreamsConfigsTest {

  @Test
  void theAggregatorsGroupForgetsADeadMemberAsSoonAsTheWorkersGroupsDoAndAClosedOneAtOnce() {
    // given the fleet's Kafka settings
    KafkaSettings kafka = new KafkaSettings("localhost:9092", 6, (short) 1, Duration.ofHours(1), Duration.ofDays(7), 500, 0);

    // when the aggregator's Streams configuration is built
    Properties props = StreamsConfigs.forAggregator(kafka, AggregatorSettings.defaults(),
        new StateDirectory(Path.of("target/streams-configs-test"), true));

    // then its main consumer's session ends after the workers' 6 s, not Kafka's 45 s
    assertThat(props.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)))
        .isEqualTo(KafkaSettings.DEFAULT_SESSION_TIMEOUT_MS);
    assertThat(props.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)))
        .isEqualTo(KafkaSettings.DEFAULT_HEARTBEAT_INTERVAL_MS);
    java.util.Map<String, Object> mainConsumer = new StreamsConfig(props).getMainConsumerConfigs("aggregator", "client", 0);
    assertThat(mainConsumer.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(KafkaSettings.DEFAULT_SESSION_TIMEOUT_MS);
    // and it is a static member, the only kind KafkaStreams.close(leaveGroup) can take out of the group
    assertThat((String) mainConsumer.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).startsWith("metrics-aggregator-");
  }
}
