package io.multiai.gateway.common.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.common.privacy.RecordKeys;
import io.multiai.gateway.common.topics.TopicNames;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.AvroSerde;
import io.multiai.gateway.schemas.CostPriority;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * What encrypting a record value costs, in nanoseconds per operation on one thread: AES-256-GCM
 * alone (encrypt, decrypt) at 1 KB and 16 KB, and a whole QueryRequest through its topic's serde
 * (Avro and encryption) against plain Avro. A routed request is encrypted and decrypted twice (the
 * request, the reply). Runs only when asked: {@code bench/record-encryption.sh [iterations]}.
 *
 * <p>No JMH: each figure is the median of 7 timed rounds after 3 untimed ones, each round {@code
 * iterations} calls, with the results consumed so the JIT cannot drop the work.
 */
class RecordEncryptionBenchmark {

  private static final String TOPIC = "ai.requests.route";
  private static final int ROUNDS = 7;
  private static final int WARM_UP_ROUNDS = 3;

  private long sink;

  @Test
  void measureNanosecondsPerEncryptAndDecrypt() {
    String requested = System.getProperty("bench.iterations");
    assumeTrue(requested != null, "run with -Dbench.iterations=N (bench/record-encryption.sh)");
    int iterations = Integer.parseInt(requested);
    byte[] key = new byte[32];
    new Random(1).nextBytes(key);
    RecordCipher cipher = new RecordCipher(RecordKeys.of("bench", Map.of("bench", key)));
    Topics topics = new Topics(TopicNames.defaults(), cipher);
    AvroSerde<QueryRequest> plain = AvroSerde.of(QueryRequest.class);

    StringBuilder report = new StringBuilder("\n=== record encryption (AES-256-GCM, one thread, ns/op, median of " + ROUNDS
        + " rounds of " + iterations + ") ===\n");
    for (int size : new int[] {1024, 16 * 1024}) {
      byte[] plaintext = new byte[size];
      new Random(size).nextBytes(plaintext);
      Headers headers = new RecordHeaders();
      byte[] encrypted = cipher.encrypt(TOPIC, headers, plaintext);
      double encrypt = median(iterations, () -> sink += cipher.encrypt(TOPIC, new RecordHeaders(), plaintext).length);
      double decrypt = median(iterations, () -> sink += cipher.decrypt(TOPIC, headers, encrypted).length);

      QueryRequest request = QueryRequest.newBuilder().setRequestId("r").setQuery("x".repeat(size))
          .setCostPriority(CostPriority.BALANCED).setCreatedAtMs(0).build();
      byte[] avro = plain.encode(request);
      Headers requestHeaders = new RecordHeaders();
      byte[] sealed = topics.requestsRoute().valueSerde().serializer().serialize(TOPIC, requestHeaders, request);
      double avroOnly = median(iterations, () -> sink += plain.encode(request).length + plain.decode(avro).getQuery().length());
      double avroEncrypted = median(iterations, () -> sink += topics.requestsRoute().valueSerde().serializer()
          .serialize(TOPIC, new RecordHeaders(), request).length
          + topics.requestsRoute().valueSerde().deserializer().deserialize(TOPIC, requestHeaders, sealed).getQuery().length());
      report.append(String.format("%6d B: encrypt %,8.0f  decrypt %,8.0f  | QueryRequest serialize+deserialize: Avro %,8.0f,"
          + " Avro+AES-GCM %,8.0f (+%,.0f)%n", size, encrypt, decrypt, avroOnly, avroEncrypted, avroEncrypted - avroOnly));
    }
    System.out.println(report + "(checksum " + sink + ")\n");
  }

  private static double median(int iterations, Runnable call) {
    double[] rounds = new double[ROUNDS];
    for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
      long started = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        call.run();
      }
      if (round >= 0) {
        rounds[round] = (System.nanoTime() - started) / (double) iterations;
      }
    }
    Arrays.sort(rounds);
    return rounds[ROUNDS / 2];
  }
}
