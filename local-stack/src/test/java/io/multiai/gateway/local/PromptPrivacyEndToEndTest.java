package io.multiai.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.common.privacy.RecordKeys;
import io.multiai.gateway.providers.fake.FakeResponse;
import io.multiai.gateway.providers.fake.Fixtures;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;

/**
 * Prompt privacy on the running stack: prompts carrying a marker go through every path that handles
 * text (answered, answered after a failing provider, failed with a provider error that quotes the
 * prompt, the ensemble, poison records that end in the dead-letter topic), with the services logging
 * at DEBUG. Afterwards the marker is nowhere in clear: not in one captured log line, not in one byte
 * of any record (key, value, headers) on any topic of the broker, dead-letter topics included.
 */
@ExtendWith(OutputCaptureExtension.class)
class PromptPrivacyEndToEndTest {

  private static final String MARKER = "PRIVACY-MARKER-" + UUID.randomUUID();
  private static final byte[] OLD_KEY = key(0x01);
  private static final byte[] NEW_KEY = key(0x02);

  @RegisterExtension
  static final LocalStackExtension local = LocalStackExtension.withProviderFakes()
      .everywhere(Map.of(
          "logging.level.io.multiai", "DEBUG",
          "AI_RETRY_BASE_DELAY", 10,
          "gateway.privacy.record-keys.e2e-old", Base64.getEncoder().encodeToString(OLD_KEY),
          "gateway.privacy.record-keys.e2e-new", Base64.getEncoder().encodeToString(NEW_KEY),
          "gateway.privacy.record-key-current", "e2e-new"))
      .ingress(LocalStackExtension.PLAIN_EDGE);

  private static GatewayClient gateway;

  @BeforeAll
  static void makeProvidersQuoteThePrompt() {
    // Claude answers with the prompt's marker in its answer; OpenAI refuses with an error body that
    // quotes the prompt (as providers' validation errors do); Gemini fails with a 500.
    local.fakes().anthropic.otherwise(request -> FakeResponse.json(200,
        Fixtures.read("providers/anthropic/message.json").replace("Hi! My name is Claude.", "You said " + MARKER)));
    local.fakes().openai.otherwise(request -> FakeResponse.json(400,
        "{\"error\":{\"message\":\"Invalid prompt: " + MARKER + "\",\"type\":\"invalid_request_error\"}}"));
    local.fakes().gemini.otherwise(request -> FakeResponse.json(500,
        Fixtures.read("providers/gemini/error-internal.json")));
    gateway = local.client(TestKeys.ADMIN);
  }

  @Test
  void givenPromptsWithAMarkerThroughEveryPath_whenTheRunIsOver_thenNoLogLineAndNoByteOfAnyRecordOnAnyTopicHoldsItInClear(
      CapturedOutput output) throws Exception {
    // Answered by Claude after Gemini failed (with the marker in the answer), and refused by OpenAI with the prompt quoted.
    GatewayClient.Response fellBack = gateway.postJson("/api/ai/route", "{\"query\":\"" + MARKER + " hello\"}");
    assertThat(fellBack.status()).as(fellBack.body()).isEqualTo(200);
    assertThat(fellBack.json().get("answer").asString()).contains(MARKER);
    GatewayClient.Response refused = gateway.postJson("/api/ai/route",
        "{\"query\":\"" + MARKER + " pinned\",\"provider\":\"openai\",\"fallback\":false}");
    assertThat(refused.status()).as(refused.body()).isGreaterThanOrEqualTo(400);
    GatewayClient.Response ensemble = gateway.postJson("/api/ai/ensemble", "{\"query\":\"" + MARKER + " ensemble\"}");
    assertThat(ensemble.status()).as(ensemble.body()).isBetween(200, 599);
    // Poison: encrypted with a key the workers still hold (the rotated-out one) but no Avro inside;
    // and a record encrypted with a key nobody holds any more.
    String undecodable = "poison-" + UUID.randomUUID();
    String unknownKey = "retired-" + UUID.randomUUID();
    produceEncrypted(RecordKeys.of("e2e-old", Map.of("e2e-old", OLD_KEY)), undecodable, ("garbage " + MARKER).getBytes(StandardCharsets.UTF_8));
    produceEncrypted(RecordKeys.of("retired", Map.of("retired", key(0x03))), unknownKey, ("garbage " + MARKER).getBytes(StandardCharsets.UTF_8));

    List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      deadLetters.clear();
      deadLetters.addAll(TopicReader.readAll(local.bootstrapServers(), "ai.requests.route.dlq"));
      assertThat(deadLetters).extracting(ConsumerRecord::key).contains(undecodable, unknownKey);
    });
    assertThat(header(deadLetters, undecodable, DeadLetters.ERROR)).contains("not a decodable QueryRequest");
    assertThat(header(deadLetters, unknownKey, DeadLetters.ERROR)).contains("record key id 'retired'", "not configured here");
    // The text was there, encrypted: the request topic decrypts to the marker with the stack's keys.
    Topics topics = new Topics(TopicNames.defaults(),
        new RecordCipher(RecordKeys.of("e2e-new", Map.of("e2e-old", OLD_KEY, "e2e-new", NEW_KEY))));
    assertThat(TopicReader.readAll(local.bootstrapServers(), "ai.requests.route").stream()
        .filter(r -> "e2e-new".equals(RequestHeaders.string(r.headers(), RecordCipher.KEY_ID_HEADER)))
        .map(r -> topics.requestsRoute().valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value()).getQuery()))
        .anyMatch(query -> query.contains(MARKER));

    Map<String, Integer> recordsPerTopic = new java.util.TreeMap<>();
    for (String topic : allTopics()) {
      List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(local.bootstrapServers(), topic);
      recordsPerTopic.put(topic, records.size());
      for (ConsumerRecord<String, byte[]> record : records) {
        assertThat(clear(record)).as("a record on %s at offset %d", topic, record.offset()).doesNotContain(MARKER);
      }
    }
    assertThat(recordsPerTopic).containsKeys("ai.requests.route", "ai.requests.route.dlq", "ai.replies", "ai.requests.ensemble", "ai.metrics");
    assertThat(recordsPerTopic.get("ai.replies")).isGreaterThanOrEqualTo(3);

    local.stack().close(); // shutdown logs count too
    assertThat(output.getAll()).contains("goes to the dead-letter topic").doesNotContain(MARKER);
  }

  private static void produceEncrypted(RecordKeys keys, String key, byte[] plaintext) throws Exception {
    RecordHeaders headers = new RecordHeaders();
    byte[] value = new RecordCipher(keys).encrypt("ai.requests.route", headers, plaintext);
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>("ai.requests.route", null, key, value, headers)).get(30, TimeUnit.SECONDS);
    }
  }

  private static Set<String> allTopics() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers()))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  /** Everything a raw reader sees of a record, as text (ISO-8859-1 keeps every byte, so UTF-8 text shows as itself). */
  private static String clear(ConsumerRecord<String, byte[]> record) {
    StringBuilder text = new StringBuilder(String.valueOf(record.key()));
    if (record.value() != null) {
      text.append(new String(record.value(), StandardCharsets.ISO_8859_1));
    }
    for (Header header : record.headers()) {
      text.append(header.key()).append(header.value() == null ? "" : new String(header.value(), StandardCharsets.ISO_8859_1));
    }
    return text.toString();
  }

  private static String header(List<ConsumerRecord<String, byte[]>> records, String key, String name) {
    return records.stream().filter(r -> key.equals(r.key())).map(r -> RequestHeaders.string(r.headers(), name)).findFirst().orElseThrow();
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return key;
  }
}
