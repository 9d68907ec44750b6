package io.multiai.gateway.ingress.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.common.privacy.RecordKeys;

class SealedValuesTest {

  private static final byte[] KEY_A = key(0x0a);
  private static final byte[] KEY_B = key(0x0b);
  private static final String ANSWER = "the confidential answer about project nightingale";

  private final SealedValues withA = new SealedValues(new RecordCipher(RecordKeys.of("a", Map.of("a", KEY_A))));

  @Test
  void aSealedValueHoldsNoneOfTheAnswerAndOpensToIt() {
    byte[] sealed = withA.seal(utf8(ANSWER));

    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("nightingale");
    assertThat(new String(withA.open(sealed), StandardCharsets.UTF_8)).isEqualTo(ANSWER);
  }

  @Test
  void afterRotationAValueSealedWithTheOldKeyStillOpensAndOnceTheKeyIsRemovedItDoesNot() {
    byte[] sealedWithA = withA.seal(utf8(ANSWER));

    SealedValues rotated = new SealedValues(new RecordCipher(RecordKeys.of("b", Map.of("a", KEY_A, "b", KEY_B))));
    SealedValues aRemoved = new SealedValues(new RecordCipher(RecordKeys.of("b", Map.of("b", KEY_B))));

    assertThat(new String(rotated.open(sealedWithA), StandardCharsets.UTF_8)).isEqualTo(ANSWER);
    assertThat(new String(aRemoved.open(rotated.seal(utf8(ANSWER))), StandardCharsets.UTF_8)).isEqualTo(ANSWER);
    assertThatThrownBy(() -> aRemoved.open(sealedWithA)).isInstanceOf(SerializationException.class);
  }

  @Test
  void anAlteredValueOrAnUnsealedOneIsRefused() {
    byte[] sealed = withA.seal(utf8(ANSWER));
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(() -> withA.open(sealed)).isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> withA.open(utf8(ANSWER))).isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> withA.open(new byte[0])).isInstanceOf(SerializationException.class);
  }

  @Test
  void aKafkaRecordEncryptedWithTheSameKeyCanNotBePassedOffAsACachedValue() {
    RecordCipher cipher = new RecordCipher(RecordKeys.of("a", Map.of("a", KEY_A)));
    byte[] record = cipher.encrypt("ai.replies", new RecordHeaders(), utf8(ANSWER));
    byte[] disguised = new byte[2 + record.length];
    disguised[0] = 1;
    disguised[1] = 'a';
    System.arraycopy(record, 0, disguised, 2, record.length);

    assertThatThrownBy(() -> withA.open(disguised)).isInstanceOf(SerializationException.class);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
