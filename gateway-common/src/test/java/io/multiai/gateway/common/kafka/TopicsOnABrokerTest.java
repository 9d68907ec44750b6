package io.multiai.gateway.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.common.privacy.RecordKeys;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;
import reactor.core.publisher.Mono;

/** Topic configs and encrypted values as a real (in-JVM KRaft) broker holds them. */
class TopicsOnABrokerTest {

  private static final byte[] KEY_A = key(0xA);
  private static final byte[] KEY_B = key(0xB);

  private static EmbeddedKafkaKraftBroker broker;
  private static KafkaSettings settings;

  @BeforeAll
  static void startABroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 2);
    broker.afterPropertiesSet();
    settings = new KafkaSettings(broker.getBrokersAsString(), 2, (short) 1, Duration.ofHours(1), Duration.ofDays(7), 500, 0);
  }

  @AfterAll
  static void stopTheBroker() {
    broker.destroy();
  }

  @Test
  void givenEphemeralTopicsCreatedBeforeTheUpgradeWithRetentionOnly_whenEnsured_thenTheBrokerRollsTheirSegmentsEveryQuarterHour()
      throws Exception {
    TopicNames names = names();
    try (Admin admin = admin()) {
      // What the previous release created: a 1 h retention.ms and Kafka's 7-day segment.ms.
      admin.createTopics(List.of(new NewTopic(names.requestsRoute(), 2, (short) 1)
          .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")))).all().get(30, TimeUnit.SECONDS);
      Topics topics = new Topics(names);

      new TopicProvisioner(settings).ensure(List.of(topics.requestsRoute(), topics.replies(), topics.metrics()),
          List.of(topics.requestsRoute()));

      for (String topic : List.of(names.requestsRoute(), names.replies())) {
        Config config = describe(admin, topic);
        assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as(topic).isEqualTo("3600000");
        assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value()).as(topic).isEqualTo("900000");
        assertThat(config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value()).as(topic).isEqualTo(Integer.toString(64 * 1024 * 1024));
      }
      Config deadLetters = describe(admin, names.requestsRoute() + ".dlq");
      assertThat(deadLetters.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
      assertThat(deadLetters.get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo(Long.toString(Duration.ofDays(7).toMillis() / 4));
      // Topics without user text keep Kafka's segments: nothing there has to be gone in an hour.
      assertThat(describe(admin, names.metrics()).get(TopicConfig.SEGMENT_MS_CONFIG).isDefault()).isTrue();
    }
  }

  @Test
  void givenAWriteChainedAfterAnAcknowledgement_whenItGoesToATopicThisProducerNeverWrote_thenItDoesNotWaitForItsOwnIoThread() {
    // The acknowledgement completes on the producer's I/O thread, the only thread that fetches metadata: a
    // send from there to a topic the producer has no metadata for used to block it for max.block.ms (60 s).
    TopicNames names = names();
    Topics topics = new Topics(names);
    new TopicProvisioner(settings).ensure(List.of(topics.requestsRoute(), topics.requestsEnsemble()), List.of());
    try (RecordPublisher publisher = new RecordPublisher(settings, "test")) {
      long started = System.nanoTime();
      publisher.publish(topics.requestsRoute(), "first", request("first", "a question"))
          .then(Mono.defer(() -> {
            assertThat(RecordPublisher.onProducerIoThread()).as("what follows a write runs on the I/O thread").isTrue();
            return publisher.publish(topics.requestsEnsemble(), "second", request("second", "another question"));
          }))
          .block(Duration.ofSeconds(20));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void givenRequestsPublishedWithKeyA_whenARawConsumerReadsTheTopic_thenNoValueOrHeaderHoldsTheQueryText() {
    TopicNames names = names();
    String marker = "marker-" + UUID.randomUUID();
    Topics withA = new Topics(names, new RecordCipher(RecordKeys.of("key-a", Map.of("key-a", KEY_A))));
    new TopicProvisioner(settings).ensure(List.of(withA.requestsRoute()), List.of());
    try (RecordPublisher publisher = new RecordPublisher(settings, "test")) {
      for (int i = 0; i < 5; i++) {
        publisher.publish(withA.requestsRoute(), "r" + i, request("r" + i, marker + " question " + i)).block(Duration.ofSeconds(30));
      }
    }

    List<ConsumerRecord<String, byte[]>> records = readAll(names.requestsRoute());

    assertThat(records).hasSize(5).allSatisfy(record -> {
      assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(marker);
      assertThat(record.headers()).allSatisfy(h -> assertThat(new String(h.value(), StandardCharsets.ISO_8859_1)).doesNotContain(marker));
      assertThat(RequestHeaders.string(record.headers(), RecordCipher.KEY_ID_HEADER)).isEqualTo("key-a");
    });
  }

  @Test
  void givenRecordsWrittenWithKeyA_whenTheServicesRotateToKeyB_thenOldRecordsStillDecodeAndNewOnesUseB() {
    TopicNames names = names();
    Topics withA = new Topics(names, new RecordCipher(RecordKeys.of("key-a", Map.of("key-a", KEY_A))));
    Topics rotated = new Topics(names, new RecordCipher(RecordKeys.of("key-b", Map.of("key-a", KEY_A, "key-b", KEY_B))));
    new TopicProvisioner(settings).ensure(List.of(withA.requestsRoute()), List.of());
    try (RecordPublisher publisher = new RecordPublisher(settings, "test")) {
      publisher.publish(withA.requestsRoute(), "old", request("old", "written before the rotation")).block(Duration.ofSeconds(30));
      publisher.publish(rotated.requestsRoute(), "new", request("new", "written after the rotation")).block(Duration.ofSeconds(30));
    }

    List<ConsumerRecord<String, byte[]>> records = readAll(names.requestsRoute());

    assertThat(records).hasSize(2);
    Map<String, String> keyIds = new java.util.HashMap<>();
    Map<String, String> queries = new java.util.HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      keyIds.put(record.key(), RequestHeaders.string(record.headers(), RecordCipher.KEY_ID_HEADER));
      queries.put(record.key(), rotated.requestsRoute().valueSerde().deserializer()
          .deserialize(record.topic(), record.headers(), record.value()).getQuery());
    }
    assertThat(keyIds).containsExactlyInAnyOrderEntriesOf(Map.of("old", "key-a", "new", "key-b"));
    assertThat(queries).containsExactlyInAnyOrderEntriesOf(Map.of("old", "written before the rotation", "new", "written after the rotation"));
  }

  /** Topic names of this test alone: every test gets fresh topics on the shared broker. */
  private static TopicNames names() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    TopicNames d = TopicNames.defaults();
    return new TopicNames(d.requestsRoute() + "-" + suffix, d.requestsEnsemble() + "-" + suffix, d.replies() + "-" + suffix,
        d.metrics() + "-" + suffix, d.metricWindows(), d.providerHealth(), d.alerts(), d.audit(), d.userMetrics(),
        d.userErasures(), d.blocks(), d.requestsCancel() + "-" + suffix,
        d.requestsBatch() + "-" + suffix, d.batchResults() + "-" + suffix, d.batchJobs(), d.batchStatus());
  }

  private static QueryRequest request(String id, String query) {
    return QueryRequest.newBuilder().setRequestId(id).setQuery(query).setCostPriority(CostPriority.BALANCED)
        .setCreatedAtMs(System.currentTimeMillis()).build();
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
  }

  private static Config describe(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.assignedConsumer("raw-" + UUID.randomUUID(), "earliest"))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return key;
  }

}
