package io.multiai.gateway.aggregator.windows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.multiai.gateway.schemas.MetricWindow;

/**
 * What one source task summed for one group between two commits: the record of the internal topic
 * {@code metric-partials} (keyed by group), one per group per commit instead of one per
 * event. Each part is a sum of events (an unlabelled {@link MetricWindow}) for the running total, one
 * tumbling window or one alert-rule bucket.
 */
public record Partials(List<Part> parts) {

  public enum Kind {
    /** The running total since the first event (size and start 0). */
    TOTAL,
    /** A tumbling window of {@link WindowSize}; late events are left out. */
    WINDOW,
    /** An alert rule's bucket (window / 30); every event counts, late or not. */
    BUCKET
  }

  /** @param timestampMs the latest record timestamp of the events summed */
  public record Part(Kind kind, long sizeMs, long startMs, long timestampMs, MetricWindow sum) {}

  /**
   * Version byte, then per part: kind, size, start, timestamp, and the sum in the windows topic's own
   * Avro encoding (which carries its schema's fingerprint, so the sums may evolve as that topic does).
   */
  public static Serde<Partials> serde(Serde<MetricWindow> windows) {
    Serializer<Partials> serializer = (topic, partials) -> {
      if (partials == null) {
        return null;
      }
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * partials.parts().size());
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeInt(partials.parts().size());
        for (Part part : partials.parts()) {
          out.writeByte(part.kind().ordinal());
          out.writeLong(part.sizeMs());
          out.writeLong(part.startMs());
          out.writeLong(part.timestampMs());
          byte[] sum = windows.serializer().serialize(topic, part.sum());
          out.writeInt(sum.length);
          out.write(sum);
        }
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    Deserializer<Partials> deserializer = (topic, data) -> {
      if (data == null) {
        return null;
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        int version = in.readByte();
        if (version != 1) {
          throw new SerializationException("unknown partials version " + version);
        }
        int n = in.readInt();
        List<Part> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Kind kind = Kind.values()[in.readByte()];
          long sizeMs = in.readLong();
          long startMs = in.readLong();
          long timestampMs = in.readLong();
          byte[] sum = new byte[in.readInt()];
          in.readFully(sum);
          parts.add(new Part(kind, sizeMs, startMs, timestampMs, windows.deserializer().deserialize(topic, sum)));
        }
        return new Partials(parts);
      } catch (IOException e) {
        throw new SerializationException("not a partials record", e);
      }
    };
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
  }
}
