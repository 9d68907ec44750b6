package io.multiai.gateway.router.batch;

import java.time.Clock;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.BatchItem;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchResult;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.ReplyError;
import reactor.core.publisher.Mono;

/**
 * Answers one batch item and publishes its {@link BatchResult} (keyed by batch id) to
 * {@code ai.batch.results}: {@code cancelled} without a provider call when its batch was cancelled before
 * the item's turn came, {@code expired} when the completion window ended first, otherwise the answer or the
 * error of the same walk through the model chain as an interactive request ({@code answer}: the router's
 * {@code RouteRequestHandler#answer}, its MetricEvents marked {@code batch}). At most
 * {@link BatchLaneProperties#maxInFlight()} items are in a walk at once ({@link Lane}).
 *
 * <p>The returned Mono completes once the result is acknowledged, so the item's offset is committed only
 * after its result exists; a worker dying in between makes a second result for the item, which the
 * aggregator's dedupe by item id leaves uncounted and the results download leaves out.
 */
public final class BatchItemHandler implements ConcurrentRecordProcessor.Handler<BatchItem> {

  /** The answering seam: request, deadline (epoch ms) → the response, metrics published. */
  public interface Answerer {
    Mono<QueryResponse> answer(QueryRequest request, long deadlineMs);
  }

  private final Answerer answerer;
  private final Function<String, BatchJob> jobs;
  private final RecordPublisher publisher;
  private final Topics topics;
  private final Lane lane;
  private final Clock clock;
  private final BatchLaneProperties properties;
  private final Counter answered;
  private final Counter cancelled;
  private final Counter expired;

  public BatchItemHandler(Answerer answerer, Function<String, BatchJob> jobs, RecordPublisher publisher, Topics topics,
      Clock clock, BatchLaneProperties properties, MeterRegistry meters) {
    this.answerer = answerer;
    this.jobs = jobs;
    this.publisher = publisher;
    this.topics = topics;
    this.clock = clock;
    this.properties = properties;
    this.lane = new Lane(properties.maxInFlight());
    this.answered = Counter.builder("gateway.router.batch.items").tag("outcome", "answered").register(meters);
    this.cancelled = Counter.builder("gateway.router.batch.items").tag("outcome", "cancelled").register(meters);
    this.expired = Counter.builder("gateway.router.batch.items").tag("outcome", "expired").register(meters);
  }

  /** Batch items in a walk through the model chain now. */
  public int active() {
    return lane.active();
  }

  @Override
  public Mono<Void> handle(ConsumerRecord<String, byte[]> record, BatchItem item) {
    return lane.run(() -> {
      // Checked when the item's turn comes, not when it was fetched: a cancel may arrive while it waits.
      String ended = endedBeforeItsTurn(item);
      if (ended != null) {
        return publish(ended(item, ended));
      }
      long now = clock.millis();
      QueryRequest request = QueryRequest.newBuilder()
          .setRequestId(item.getItemId())
          .setQuery(item.getQuery())
          .setCostPriority(item.getCostPriority())
          .setProvider(item.getProvider())
          .setModel(item.getModel())
          .setFallback(item.getFallback())
          .setUserIdHash(item.getUserIdHash())
          .setCreatedAtMs(now)
          .build();
      long deadline = Math.min(now + properties.itemTimeout().toMillis(), item.getExpiresAtMs());
      return answerer.answer(request, deadline)
          // An item must end with a result whatever happened, or its batch would never complete.
          .onErrorResume(e -> Mono.just(QueryResponse.newBuilder().setRequestId(item.getItemId()).setLatencyMs(0)
              .setError(new ReplyError(500, "internal_error", "the item could not be answered: " + e.getClass().getSimpleName(), null))
              .build()))
          .flatMap(response -> {
            answered.increment();
            return publish(result(item, response));
          });
    });
  }

  private String endedBeforeItsTurn(BatchItem item) {
    BatchJob job = jobs.apply(item.getBatchId());
    if (job != null && job.getCancelRequestedAtMs() != null) {
      cancelled.increment();
      return "cancelled";
    }
    if (clock.millis() >= item.getExpiresAtMs()) {
      expired.increment();
      return "expired";
    }
    return null;
  }

  /** RecordPublisher moves a send that starts on the producer's own network thread off it. */
  private Mono<Void> publish(BatchResult result) {
    return publisher.publish(topics.batchResults(), result.getBatchId(), result).then();
  }

  private BatchResult ended(BatchItem item, String status) {
    return base(item).setStatus(status).build();
  }

  private BatchResult result(BatchItem item, QueryResponse response) {
    return base(item)
        .setStatus(response.getError() == null ? "succeeded" : "failed")
        .setAnswer(response.getAnswer())
        .setError(response.getError())
        .setModel(response.getModel())
        .setProvider(response.getProvider())
        .setInputTokens(response.getInputTokens())
        .setOutputTokens(response.getOutputTokens())
        .setCostUsd(response.getCostUsd())
        .setLatencyMs(response.getLatencyMs())
        .setAttempts(response.getAttempts())
        .build();
  }

  private BatchResult.Builder base(BatchItem item) {
    return BatchResult.newBuilder()
        .setBatchId(item.getBatchId())
        .setItemId(item.getItemId())
        .setCustomId(item.getCustomId())
        .setIndex(item.getIndex())
        .setCompletedAtMs(clock.millis());
  }
}
