package io.multiai.gateway.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (magic C3 01, 8-byte schema fingerprint, binary body) for one record class.
 *
 * <p>Every value carries the fingerprint of the schema it was written with, so a reader resolves it
 * against its own schema. Schemas this build no longer writes live in {@code avro-history/} on the
 * classpath ({@link SchemaHistory}); that is how a new reader reads records an older writer left on a
 * topic, without a registry service.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public AvroSerde(Class<T> type) {
    this(type, SchemaHistory.load());
  }

  public AvroSerde(Class<T> type, Collection<Schema> knownWriterSchemas) {
    SpecificData model = new SpecificData(type.getClassLoader());
    this.schema = model.getSchema(type);
    SchemaStore.Cache store = new SchemaStore.Cache();
    knownWriterSchemas.stream()
        .filter(s -> s.getFullName().equals(schema.getFullName()))
        .forEach(store::addSchema);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  public byte[] encode(T value) {
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @throws SerializationException when the bytes are not a record of this type (a poison record). */
  public T decode(byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("not a decodable " + schema.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : encode(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : decode(data);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
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
