package io.multiai.gateway.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * AES-256-GCM for record values that hold user text (requests, answers, and any later record kind
 * such as a streamed delta: it works on bytes and headers, not on a value type).
 *
 * <p>Shape of an encrypted value: a random 12-byte nonce, then the ciphertext, then the 16-byte tag
 * (28 bytes more than the plaintext). The key's id goes in the {@value #KEY_ID_HEADER} header. The
 * associated data is {@code "<topic>\n<key id>"} (neither may contain a newline): a value copied to
 * another topic, or given another key id, fails authentication instead of being read there. A
 * dead-lettered value keeps its source topic's binding; {@code dlq-source-topic} names it.
 *
 * <p>Random nonces: with 96 bits, NIST's bound for one key is 2<sup>32</sup> records; rotate well
 * before that (README, Privacy).
 */
public final class RecordCipher {

  /** The id of the key a value is encrypted with; never secret, never text. */
  public static final String KEY_ID_HEADER = "ai-record-key-id";

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  /**
   * One Cipher per thread, re-initialised (with a fresh nonce) for every record: Cipher.getInstance
   * looks the provider up each time, which cost more than encrypting a 1 KB value (bench/record-encryption.sh).
   */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  });

  private final RecordKeys keys;
  private final SecureRandom random = new SecureRandom();

  public RecordCipher(RecordKeys keys) {
    this.keys = keys;
  }

  public RecordKeys keys() {
    return keys;
  }

  /** Encrypts with the current key for {@code topic}, and sets the key id header (replacing any). */
  public byte[] encrypt(String topic, Headers headers, byte[] plaintext) {
    String keyId = keys.currentId();
    byte[] value = new byte[NONCE_BYTES + plaintext.length + TAG_BITS / 8];
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, value, 0, NONCE_BYTES);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(topic, keyId));
      cipher.doFinal(plaintext, 0, plaintext.length, value, NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable or the record key unusable", e);
    }
    headers.remove(KEY_ID_HEADER);
    headers.add(KEY_ID_HEADER, keyId.getBytes(StandardCharsets.UTF_8));
    return value;
  }

  /**
   * Decrypts a value read from {@code topic} with the key its header names.
   *
   * @throws SerializationException with a message fit for a dead-letter header and a log line (key id
   *     and sizes only): no key id header, a key id not configured here, a value too short, or failed
   *     authentication (tampered, another topic's, or written with another key of the same id)
   */
  public byte[] decrypt(String topic, Headers headers, byte[] value) {
    Header keyIdHeader = headers.lastHeader(KEY_ID_HEADER);
    String keyId = keyIdHeader == null || keyIdHeader.value() == null ? null : new String(keyIdHeader.value(), StandardCharsets.UTF_8);
    if (keyId == null) {
      throw new SerializationException("record on " + topic + " has no " + KEY_ID_HEADER
          + " header: not encrypted, refused on an encrypted topic");
    }
    SecretKey key = keys.find(keyId);
    if (key == null) {
      throw new SerializationException("record on " + topic + " is encrypted with record key id "
          + (RecordKeys.isWellFormedId(keyId) ? "'" + keyId + "'" : "(malformed)")
          + ", which is not configured here (gateway.privacy.record-keys has " + keys.ids()
          + "): a removed key, or a writer with keys this service lacks");
    }
    if (value.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SerializationException("record on " + topic + " is " + value.length + " bytes: too short to be encrypted");
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, value, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(topic, keyId));
      return cipher.doFinal(value, NONCE_BYTES, value.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new SerializationException("record on " + topic + " failed authentication with record key id '" + keyId
          + "': tampered, copied from another topic, or encrypted with another key under that id");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable or the record key unusable", e);
    }
  }

  private static byte[] associatedData(String topic, String keyId) {
    return (topic + "\n" + keyId).getBytes(StandardCharsets.UTF_8);
  }
}
