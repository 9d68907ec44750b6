package io.multiai.gateway.common.windows;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.multiai.gateway.schemas.LatencySketch;

/**
 * A mergeable quantile sketch of non-negative values (latencies in ms) with a relative-error
 * guarantee, in the manner of DDSketch: logarithmic buckets whose representative value is within
 * {@link #RELATIVE_ACCURACY} of every value in the bucket, so any quantile is within that error of the
 * exact one. Unlike a sample or a t-digest it merges exactly (counts add per bucket), which is what
 * lets per-minute windows be combined into any time range, and its size grows with the logarithm of
 * the value range (about 100 buckets per factor of ten), not with the number of values.
 *
 * <p>Mutable and not thread-safe: decode, update, encode.
 */
public final class QuantileSketch {

  /** 0.5 %: a 1 % tolerance on p95 with room to spare. */
  public static final double RELATIVE_ACCURACY = 0.005;
  private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
  private static final double LOG_GAMMA = Math.log(GAMMA);

  private long zeroCount;
  private int[] indexes;
  private long[] counts;
  private int size;

  private QuantileSketch(long zeroCount, int[] indexes, long[] counts, int size) {
    this.zeroCount = zeroCount;
    this.indexes = indexes;
    this.counts = counts;
    this.size = size;
  }

  public static QuantileSketch empty() {
    return new QuantileSketch(0, new int[8], new long[8], 0);
  }

  public static QuantileSketch of(LatencySketch stored) {
    if (stored == null) {
      return empty();
    }
    if (stored.getRelativeAccuracy() != RELATIVE_ACCURACY) {
      // Buckets of another accuracy map to other values; no record of this build is written so.
      throw new IllegalArgumentException("sketch of relative accuracy " + stored.getRelativeAccuracy() + " is not mergeable here");
    }
    ByteBuffer in = stored.getBuckets().duplicate();
    int[] indexes = new int[Math.max(8, in.remaining() / 2)];
    long[] counts = new long[indexes.length];
    int n = 0;
    int index = 0;
    while (in.hasRemaining()) {
      long zigzag = readVarint(in);
      index += (int) ((zigzag >>> 1) ^ -(zigzag & 1));
      indexes[n] = index;
      counts[n] = readVarint(in);
      n++;
    }
    return new QuantileSketch(stored.getZeroCount(), indexes, counts, n);
  }

  public LatencySketch toAvro() {
    ByteBuffer out = ByteBuffer.allocate(size * 15);
    int previous = 0;
    for (int i = 0; i < size; i++) {
      int delta = indexes[i] - previous;
      int zigzag = (delta << 1) ^ (delta >> 31);
      writeVarint(out, zigzag & 0xFFFFFFFFL);
      writeVarint(out, counts[i]);
      previous = indexes[i];
    }
    out.flip();
    return new LatencySketch(RELATIVE_ACCURACY, zeroCount, out);
  }

  private static void writeVarint(ByteBuffer out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  private static long readVarint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  public QuantileSketch add(double value) {
    return add(value, 1);
  }

  public QuantileSketch add(double value, long count) {
    return addToBucketOf(bucketOf(value), count);
  }

  /** The bucket of values below 1 (counted apart: the logarithmic buckets start at 1). */
  private static final int ZERO_BUCKET = Integer.MIN_VALUE;

  /**
   * The bucket a value falls in: one logarithm, so a value added to several sketches (an event's
   * windows) is placed once ({@link #addToBucketOf}).
   */
  public static int bucketOf(double value) {
    return value < 1 ? ZERO_BUCKET : (int) Math.ceil(Math.log(value) / LOG_GAMMA);
  }

  /** Adds {@code count} values of the bucket {@link #bucketOf} gave. */
  public QuantileSketch addToBucketOf(int bucket, long count) {
    if (bucket == ZERO_BUCKET) {
      zeroCount += count;
    } else {
      addToBucket(bucket, count);
    }
    return this;
  }

  public QuantileSketch merge(QuantileSketch other) {
    zeroCount += other.zeroCount;
    for (int i = 0; i < other.size; i++) {
      addToBucket(other.indexes[i], other.counts[i]);
    }
    return this;
  }

  public long count() {
    long total = zeroCount;
    for (int i = 0; i < size; i++) {
      total += counts[i];
    }
    return total;
  }

  /**
   * The value at quantile q (0..1) by nearest rank: the value of rank ceil(q * n) in sorted order, to
   * within the relative accuracy; 0 when empty.
   */
  public double quantile(double q) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = zeroCount;
    if (seen >= rank) {
      return 0;
    }
    for (int i = 0; i < size; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return 2 * Math.pow(GAMMA, indexes[i]) / (GAMMA + 1);
      }
    }
    return 2 * Math.pow(GAMMA, indexes[size - 1]) / (GAMMA + 1);
  }

  private void addToBucket(int index, long count) {
    int at = Arrays.binarySearch(indexes, 0, size, index);
    if (at >= 0) {
      counts[at] += count;
      return;
    }
    int insertAt = -at - 1;
    if (size == indexes.length) {
      indexes = Arrays.copyOf(indexes, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    System.arraycopy(indexes, insertAt, indexes, insertAt + 1, size - insertAt);
    System.arraycopy(counts, insertAt, counts, insertAt + 1, size - insertAt);
    indexes[insertAt] = index;
    counts[insertAt] = count;
    size++;
  }
}
