package io.multiai.gateway.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.kafka.RequestHeaders;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;

class RecordCipherTest {

  private static final byte[] KEY_A = bytes(1);
  private static final byte[] KEY_B = bytes(2);
  private static final String TOPIC = "ai.requests.route";
  private static final String MARKER = "marker-7f3a-secret-prompt";

  private final RecordCipher onlyA = new RecordCipher(RecordKeys.of("a", Map.of("a", KEY_A)));

  @Test
  void givenAPlaintext_whenEncrypted_thenTheValueHoldsNoPlaintextTheKeyIdIsInTheHeaderAndItDecryptsBack() {
    Headers headers = new RecordHeaders();

    byte[] value = onlyA.encrypt(TOPIC, headers, utf8(MARKER));

    assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain(MARKER);
    assertThat(value).hasSize(12 + MARKER.length() + 16);
    assertThat(RequestHeaders.string(headers, RecordCipher.KEY_ID_HEADER)).isEqualTo("a");
    assertThat(new String(onlyA.decrypt(TOPIC, headers, value), StandardCharsets.UTF_8)).isEqualTo(MARKER);
  }

  @Test
  void givenTheSamePlaintextTwice_whenEncrypted_thenTheValuesDifferBecauseEachRecordHasItsOwnNonce() {
    byte[] first = onlyA.encrypt(TOPIC, new RecordHeaders(), utf8(MARKER));
    byte[] second = onlyA.encrypt(TOPIC, new RecordHeaders(), utf8(MARKER));

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void givenAValueWrittenForOneTopic_whenReadFromAnother_thenAuthenticationFails() {
    Headers headers = new RecordHeaders();
    byte[] value = onlyA.encrypt(TOPIC, headers, utf8(MARKER));

    assertThatThrownBy(() -> onlyA.decrypt("ai.replies", headers, value))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("failed authentication")
        .hasMessageNotContaining(MARKER);
  }

  @Test
  void givenATamperedValue_whenDecrypted_thenAuthenticationFails() {
    Headers headers = new RecordHeaders();
    byte[] value = onlyA.encrypt(TOPIC, headers, utf8(MARKER));
    value[20] ^= 1;

    assertThatThrownBy(() -> onlyA.decrypt(TOPIC, headers, value)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void givenAKeyIdNotConfiguredHere_whenDecrypted_thenTheErrorNamesTheIdAndTheConfiguredOnes() {
    Headers headers = new RecordHeaders();
    byte[] value = new RecordCipher(RecordKeys.of("b", Map.of("b", KEY_B))).encrypt(TOPIC, headers, utf8(MARKER));

    assertThatThrownBy(() -> onlyA.decrypt(TOPIC, headers, value))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("record key id 'b'")
        .hasMessageContaining("not configured here")
        .hasMessageContaining("[a]");
  }

  @Test
  void givenAMalformedKeyIdHeader_whenDecrypted_thenTheErrorDoesNotEchoIt() {
    Headers headers = new RecordHeaders();
    RequestHeaders.putString(headers, RecordCipher.KEY_ID_HEADER, MARKER + "\n");

    assertThatThrownBy(() -> onlyA.decrypt(TOPIC, headers, new byte[64]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("(malformed)")
        .hasMessageNotContaining(MARKER);
  }

  @Test
  void givenARecordWithoutAKeyIdHeader_whenDecrypted_thenItIsRefusedAsUnencrypted() {
    assertThatThrownBy(() -> onlyA.decrypt(TOPIC, new RecordHeaders(), utf8(MARKER)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no ai-record-key-id header");
  }

  @Test
  void givenRecordsWrittenWithKeyA_whenTheCurrentKeyBecomesB_thenOldRecordsStillDecryptAndNewOnesUseB() {
    Headers oldHeaders = new RecordHeaders();
    byte[] old = onlyA.encrypt(TOPIC, oldHeaders, utf8("before rotation"));
    RecordCipher rotated = new RecordCipher(RecordKeys.of("b", Map.of("a", KEY_A, "b", KEY_B)));

    Headers newHeaders = new RecordHeaders();
    byte[] fresh = rotated.encrypt(TOPIC, newHeaders, utf8("after rotation"));

    assertThat(new String(rotated.decrypt(TOPIC, oldHeaders, old), StandardCharsets.UTF_8)).isEqualTo("before rotation");
    assertThat(RequestHeaders.string(newHeaders, RecordCipher.KEY_ID_HEADER)).isEqualTo("b");
    assertThat(new String(rotated.decrypt(TOPIC, newHeaders, fresh), StandardCharsets.UTF_8)).isEqualTo("after rotation");
    RecordCipher aRemoved = new RecordCipher(RecordKeys.of("b", Map.of("b", KEY_B)));
    assertThatThrownBy(() -> aRemoved.decrypt(TOPIC, oldHeaders, old)).hasMessageContaining("not configured here");
  }

  @Test
  void givenTheTopicsOfAService_whenARequestIsSerialized_thenOnlyEphemeralTopicsAreEncryptedAndTheSerdeNeedsHeaders() {
    Topics topics = new Topics(TopicNames.defaults(), onlyA);
    QueryRequest request = QueryRequest.newBuilder().setRequestId("r1").setQuery(MARKER)
        .setCostPriority(CostPriority.BALANCED).setCreatedAtMs(0).build();
    Headers headers = new RecordHeaders();

    byte[] value = topics.requestsRoute().valueSerde().serializer().serialize(TOPIC, headers, request);

    assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain(MARKER);
    assertThat(topics.requestsRoute().valueSerde().deserializer().deserialize(TOPIC, headers, value).getQuery()).isEqualTo(MARKER);
    assertThatThrownBy(() -> topics.requestsRoute().valueSerde().serializer().serialize(TOPIC, request))
        .isInstanceOf(SerializationException.class);
    assertThat(topics.metrics().valueSerde()).isNotInstanceOf(EncryptedSerde.class);
  }

  @Test
  void givenConfiguredKeys_whenRead_thenIdsValuesAndTheCurrentKeyAreValidatedWithoutEchoingKeyMaterial() {
    String a = Base64.getEncoder().encodeToString(KEY_A);
    String b = Base64.getEncoder().encodeToString(KEY_B);

    assertThat(RecordKeys.of(new PrivacyProperties(null, Map.of("k1", a + "\n"), null)).currentId()).isEqualTo("k1");
    assertThat(RecordKeys.of(new PrivacyProperties(null, Map.of("k1", a, "k2", b), "k2")).ids()).containsExactlyInAnyOrder("k1", "k2");
    assertThatThrownBy(() -> RecordKeys.of(new PrivacyProperties(null, Map.of("k1", a, "k2", b), null)))
        .hasMessageContaining("must name the encrypting key");
    assertThatThrownBy(() -> RecordKeys.of(new PrivacyProperties(null, Map.of("k1", a), "k9"))).hasMessageContaining("'k9'");
    assertThatThrownBy(() -> RecordKeys.of(new PrivacyProperties(null, Map.of("k1", "c2hvcnQ="), null)))
        .hasMessageContaining("has 5 bytes").hasMessageNotContaining("c2hvcnQ=");
    assertThatThrownBy(() -> RecordKeys.of(new PrivacyProperties(null, Map.of("K 1", a), null))).hasMessageContaining("must match");
  }

  @Test
  void givenNoConfiguredKeys_whenRead_thenTheDevelopmentKeyIsUsedAndSaysSo() {
    RecordKeys keys = RecordKeys.of(new PrivacyProperties("x".repeat(16), null, null));

    assertThat(keys.isDevelopment()).isTrue();
    assertThat(keys.currentId()).isEqualTo(RecordKeys.DEVELOPMENT_KEY_ID);
    assertThat(RecordKeys.of(new PrivacyProperties(null, Map.of("k1", Base64.getEncoder().encodeToString(KEY_A)), null))
        .isDevelopment()).isFalse();
  }

  private static byte[] bytes(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return key;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
