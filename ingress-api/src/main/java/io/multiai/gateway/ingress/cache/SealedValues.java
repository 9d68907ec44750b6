package io.multiai.gateway.ingress.cache;

import java.util.Arrays;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.multiai.gateway.common.privacy.RecordCipher;

/**
 * The response cache's values sealed with the record keys (AES-256-GCM, {@link RecordCipher}) before
 * they go to Redis: a cached reply is an answer, user text, and Redis is a shared store that outlives
 * the request (README, Privacy). Rotation works as on the topics: the current key seals, any
 * configured key opens, and a value sealed with a removed key is a miss.
 *
 * <p>Shape: the key id's length (one byte), the key id (UTF-8), then the cipher's value (nonce,
 * ciphertext, tag). The associated data names {@value #CONTEXT}, so a cached value can not be passed
 * off as a Kafka record or the other way round.
 */
final class SealedValues {

  static final String CONTEXT = "redis:response-cache";

  private final RecordCipher cipher;

  SealedValues(RecordCipher cipher) {
    this.cipher = cipher;
  }

  byte[] seal(byte[] plaintext) {
    RecordHeaders headers = new RecordHeaders();
    byte[] encrypted = cipher.encrypt(CONTEXT, headers, plaintext);
    byte[] keyId = headers.lastHeader(RecordCipher.KEY_ID_HEADER).value();
    byte[] sealed = new byte[1 + keyId.length + encrypted.length];
    sealed[0] = (byte) keyId.length;
    System.arraycopy(keyId, 0, sealed, 1, keyId.length);
    System.arraycopy(encrypted, 0, sealed, 1 + keyId.length, encrypted.length);
    return sealed;
  }

  /** @throws SerializationException the value is not sealed, or with a key not configured here, or was altered */
  byte[] open(byte[] sealed) {
    int keyIdLength = sealed.length == 0 ? 0 : Byte.toUnsignedInt(sealed[0]);
    if (keyIdLength == 0 || sealed.length < 1 + keyIdLength) {
      throw new SerializationException("response cache value of " + sealed.length + " bytes is not sealed");
    }
    RecordHeaders headers = new RecordHeaders();
    headers.add(RecordCipher.KEY_ID_HEADER, Arrays.copyOfRange(sealed, 1, 1 + keyIdLength));
    byte[] encrypted = Arrays.copyOfRange(sealed, 1 + keyIdLength, sealed.length);
    return cipher.decrypt(CONTEXT, headers, encrypted);
  }
}
