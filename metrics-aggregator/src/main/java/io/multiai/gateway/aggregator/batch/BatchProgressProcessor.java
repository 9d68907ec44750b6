package io.multiai.gateway.aggregator.batch;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import io.multiai.gateway.schemas.BatchResult;

/**
 * Moves a batch's progress on a job record (its total, a cancel request) or a result (counted once per
 * item id), and publishes the progress whenever it changes. Once every item has a result the progress
 * gets {@code completedAtMs} and a {@code finalStatus}: {@code cancelled} when the batch was cancelled
 * and items ended so, {@code expired} when items outlived the window, else {@code completed}. Records
 * that cannot be decoded are skipped (logged by position, never by content).
 */
abstract class BatchProgressProcessor<V> implements Processor<String, byte[], String, BatchProgress> {

  private static final Logger log = LoggerFactory.getLogger(BatchProgressProcessor.class);

  private final Topic<V> topic;
  protected KeyValueStore<String, BatchJob> jobs;
  protected KeyValueStore<String, Long> seen;
  protected KeyValueStore<String, BatchProgress> progress;
  private ProcessorContext<String, BatchProgress> context;

  BatchProgressProcessor(Topic<V> topic) {
    this.topic = topic;
  }

  @Override
  public void init(ProcessorContext<String, BatchProgress> context) {
    this.context = context;
    this.jobs = context.getStateStore(BatchTopology.JOBS);
    this.seen = context.getStateStore(BatchTopology.SEEN);
    this.progress = context.getStateStore(BatchTopology.PROGRESS);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    V value;
    try {
      value = topic.valueSerde().deserializer().deserialize(topic.name(), record.headers(), record.value());
    } catch (RuntimeException e) {
      log.warn("skipping an undecodable record on {} (batch {}): {}", topic.name(), record.key(), e.getClass().getSimpleName());
      return;
    }
    BatchProgress before = progress.get(record.key());
    BatchProgress.Builder next = before == null
        ? BatchProgress.newBuilder().setBatchId(record.key())
        : BatchProgress.newBuilder(before);
    if (!apply(record.key(), value, next)) {
      return;
    }
    conclude(record.key(), next);
    BatchProgress after = next.build();
    if (!after.equals(before)) {
      progress.put(record.key(), after);
      context.forward(record.withValue(after).withTimestamp(record.timestamp()));
    }
  }

  /** Applies one record; false when it changes nothing (a duplicate result). */
  abstract boolean apply(String batchId, V value, BatchProgress.Builder progress);

  private void conclude(String batchId, BatchProgress.Builder p) {
    int done = p.getSucceeded() + p.getFailed() + p.getCancelled() + p.getExpired();
    if (p.getFinalStatus() != null || p.getTotal() <= 0 || done < p.getTotal()) {
      return;
    }
    BatchJob job = jobs.get(batchId);
    p.setCompletedAtMs(p.getLastResultAtMs());
    p.setFinalStatus(job != null && job.getCancelRequestedAtMs() != null && p.getCancelled() > 0 ? "cancelled"
        : p.getExpired() > 0 ? "expired" : "completed");
  }

  static final class Jobs extends BatchProgressProcessor<BatchJob> {
    Jobs(Topic<BatchJob> topic) {
      super(topic);
    }

    @Override
    boolean apply(String batchId, BatchJob job, BatchProgress.Builder p) {
      jobs.put(batchId, job);
      p.setTotal(job.getTotal());
      return true;
    }
  }

  static final class Results extends BatchProgressProcessor<BatchResult> {
    Results(Topic<BatchResult> topic) {
      super(topic);
    }

    @Override
    boolean apply(String batchId, BatchResult result, BatchProgress.Builder p) {
      if (seen.get(result.getItemId()) != null) {
        return false; // a redelivered item's second result: the first counted
      }
      seen.put(result.getItemId(), result.getCompletedAtMs());
      switch (result.getStatus()) {
        case "succeeded" -> p.setSucceeded(p.getSucceeded() + 1);
        case "cancelled" -> p.setCancelled(p.getCancelled() + 1);
        case "expired" -> p.setExpired(p.getExpired() + 1);
        default -> p.setFailed(p.getFailed() + 1);
      }
      if (result.getCostUsd() != null) {
        p.setCostUsd(p.getCostUsd() + result.getCostUsd());
      }
      p.setInputTokens(p.getInputTokens() + result.getInputTokens());
      p.setOutputTokens(p.getOutputTokens() + result.getOutputTokens());
      long at = result.getCompletedAtMs();
      p.setFirstResultAtMs(p.getFirstResultAtMs() == null ? at : Math.min(p.getFirstResultAtMs(), at));
      p.setLastResultAtMs(p.getLastResultAtMs() == null ? at : Math.max(p.getLastResultAtMs(), at));
      if (p.getTotal() == 0) {
        BatchJob job = jobs.get(batchId);
        if (job != null) {
          p.setTotal(job.getTotal());
        }
      }
      return true;
    }
  }
}
