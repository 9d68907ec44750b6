package io.multiai.gateway.ingress.batch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.schemas.Attempt;
import io.multiai.gateway.schemas.BatchResult;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's results as JSONL, in completion order, read from {@code ai.batch.results} as they are
 * requested: the batch's partition (results are keyed by batch id) from its start to its end at the time
 * of the request, each line written as it is read, never the whole download in memory (only the item ids
 * seen, to leave out a redelivered item's second result: the first per item is the one that counts, as in
 * the aggregator's counts).
 *
 * <p>Paging: {@code cursor} skips that many results, {@code limit} stops after that many; every line has
 * its {@code seq} (0-based, in this order), so the next page starts at the last {@code seq} + 1. Each
 * line: {@code {seq, customId, itemId, index, status, answer?, error?: {status, type, detail}, model,
 * provider, tokens: {input, output}, costUsd, latencyMs, attempts, completedAt}}.
 */
final class BatchResultsReader {

  private final Topic<BatchResult> topic;
  private final KafkaSettings kafka;
  private final JsonMapper json;

  BatchResultsReader(Topic<BatchResult> topic, KafkaSettings kafka, JsonMapper json) {
    this.topic = topic;
    this.kafka = kafka;
    this.json = json;
  }

  Flux<byte[]> lines(String batchId, long cursor, long limit) {
    return Flux.using(() -> new Reader(batchId), reader -> Flux.fromIterable(() -> reader), Reader::close)
        .skip(cursor)
        .take(limit)
        .index()
        .map(indexed -> line(indexed.getT2(), cursor + indexed.getT1()))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private byte[] line(BatchResult result, long seq) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("seq", seq);
    line.put("customId", result.getCustomId());
    line.put("itemId", result.getItemId());
    line.put("index", result.getIndex());
    line.put("status", result.getStatus());
    if (result.getAnswer() != null) {
      line.put("answer", result.getAnswer());
    }
    if (result.getError() != null) {
      line.put("error", Map.of("status", result.getError().getStatus(), "type", result.getError().getType(),
          "detail", result.getError().getDetail()));
    }
    line.put("model", result.getModel());
    line.put("provider", result.getProvider());
    line.put("tokens", Map.of("input", result.getInputTokens(), "output", result.getOutputTokens()));
    line.put("costUsd", result.getCostUsd());
    line.put("latencyMs", result.getLatencyMs());
    line.put("attempts", result.getAttempts().stream().map(BatchResultsReader::attempt).toList());
    line.put("completedAt", Instant.ofEpochMilli(result.getCompletedAtMs()).toString());
    return (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> attempt(Attempt a) {
    return Map.of("model", a.getModel(), "provider", a.getProvider(), "outcome", a.getOutcome(), "latencyMs", a.getLatencyMs());
  }

  /** The batch's distinct results, read lazily from its partition up to the end offset found when opened. */
  private final class Reader implements Iterator<BatchResult>, AutoCloseable {

    private final String batchId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final long end;
    private final ArrayDeque<BatchResult> ready = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private long position;

    Reader(String batchId) {
      this.batchId = batchId;
      Map<String, Object> config = kafka.assignedConsumer("batch-results-" + UUID.randomUUID(), "earliest");
      config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
      this.consumer = new KafkaConsumer<>(config);
      int partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).size();
      // The producer's default partitioner for a keyed record.
      int number = Utils.toPositive(Utils.murmur2(batchId.getBytes(StandardCharsets.UTF_8))) % partitions;
      this.partition = new TopicPartition(topic.name(), number);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      this.end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
      this.position = consumer.position(partition, Duration.ofSeconds(10));
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && position < end) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          position = record.offset() + 1;
          if (record.offset() >= end || !batchId.equals(record.key()) || record.value() == null) {
            continue;
          }
          BatchResult result = topic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
          if (seen.add(result.getItemId())) {
            ready.add(result);
          }
        }
        position = Math.max(position, consumer.position(partition));
      }
      return !ready.isEmpty();
    }

    @Override
    public BatchResult next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(1));
    }
  }
}
