package io.multiai.gateway.common.privacy;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde whose bytes are another serde's, encrypted by a {@link RecordCipher}. It needs the record's
 * headers (the key id travels there), so only the header-taking methods work; the others throw
 * rather than write or read a value the other side cannot place. Null values (tombstones) hold no
 * text and pass as null.
 */
public final class EncryptedSerde<V> implements Serde<V>, Serializer<V>, Deserializer<V> {

  private final Serde<V> inner;
  private final RecordCipher cipher;

  public EncryptedSerde(Serde<V> inner, RecordCipher cipher) {
    this.inner = inner;
    this.cipher = cipher;
  }

  @Override
  public byte[] serialize(String topic, Headers headers, V data) {
    return data == null ? null : cipher.encrypt(topic, headers, inner.serializer().serialize(topic, headers, data));
  }

  @Override
  public V deserialize(String topic, Headers headers, byte[] data) {
    return data == null ? null : inner.deserializer().deserialize(topic, headers, cipher.decrypt(topic, headers, data));
  }

  /** @throws SerializationException always: the key id needs the record's headers */
  @Override
  public byte[] serialize(String topic, V data) {
    throw new SerializationException("values on " + topic + " are encrypted: serialize with the record's headers");
  }

  /** @throws SerializationException always: the key id is in the record's headers */
  @Override
  public V deserialize(String topic, byte[] data) {
    throw new SerializationException("values on " + topic + " are encrypted: deserialize with the record's headers");
  }

  @Override
  public Serializer<V> serializer() {
    return this;
  }

  @Override
  public Deserializer<V> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // configured by construction
  }

  @Override
  public void close() {
    // stateless
  }
}
