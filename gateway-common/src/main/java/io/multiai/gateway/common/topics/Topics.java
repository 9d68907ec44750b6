package io.multiai.gateway.common.topics;

import java.util.List;

import org.apache.kafka.common.serialization.Serde;

import io.multiai.gateway.common.privacy.EncryptedSerde;
import io.multiai.gateway.common.privacy.RecordCipher;
import io.multiai.gateway.common.privacy.RecordKeys;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AuditEvent;
import io.multiai.gateway.schemas.AvroSerde;
import io.multiai.gateway.schemas.BatchItem;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import io.multiai.gateway.schemas.BatchResult;
import io.multiai.gateway.schemas.ErasureRequest;
import io.multiai.gateway.schemas.Block;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;
import io.multiai.gateway.schemas.ModelHealth;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;
import io.multiai.gateway.schemas.StreamCancel;
import io.multiai.gateway.schemas.StreamDelta;
import io.multiai.gateway.schemas.UserDailyMetrics;

/**
 * The one place that knows every topic, its value type and its serde.
 *
 * <p>It is also where values holding user text get encrypted: every {@link TopicKind#EPHEMERAL}
 * topic's serde is wrapped in an {@link EncryptedSerde}. Every producer and consumer of a topic goes
 * through its serde (RecordPublisher, ConcurrentRecordProcessor, ReplyCorrelator), so no path can
 * forget to encrypt, and a topic added later (streamed deltas) is encrypted by being declared ephemeral.
 * Dead letters copy the encrypted bytes as they are.
 */
public final class Topics {

  private final Topic<QueryRequest> requestsRoute;
  private final Topic<QueryRequest> requestsEnsemble;
  private final Topic<QueryResponse> replies;
  private final Topic<StreamDelta> replyDeltas;
  private final Topic<StreamCancel> requestsCancel;
  private final Topic<MetricEvent> metrics;
  private final Topic<MetricWindow> metricWindows;
  private final Topic<ModelHealth> providerHealth;
  private final Topic<Alert> alerts;
  private final Topic<AuditEvent> audit;
  private final Topic<UserDailyMetrics> userMetrics;
  private final Topic<ErasureRequest> userErasures;
  private final Topic<Block> blocks;
  private final Topic<BatchItem> requestsBatch;
  private final Topic<BatchResult> batchResults;
  private final Topic<BatchJob> batchJobs;
  private final Topic<BatchProgress> batchStatus;

  /** With the development record key: for tests and tools against a stack that runs without configured keys. */
  public Topics(TopicNames names) {
    this(names, new RecordCipher(RecordKeys.development()));
  }

  public Topics(TopicNames names, RecordCipher cipher) {
    this.requestsRoute = ephemeral(names.requestsRoute(), AvroSerde.of(QueryRequest.class), cipher);
    this.requestsEnsemble = ephemeral(names.requestsEnsemble(), AvroSerde.of(QueryRequest.class), cipher);
    this.replies = ephemeral(names.replies(), AvroSerde.of(QueryResponse.class), cipher);
    this.replyDeltas = ephemeral(names.replies(), AvroSerde.of(StreamDelta.class), cipher);
    this.requestsCancel = ephemeral(names.requestsCancel(), AvroSerde.of(StreamCancel.class), cipher);
    this.metrics = new Topic<>(names.metrics(), AvroSerde.of(MetricEvent.class), TopicKind.EVENTS);
    this.metricWindows = new Topic<>(names.metricWindows(), AvroSerde.of(MetricWindow.class), TopicKind.COMPACTED);
    this.providerHealth = new Topic<>(names.providerHealth(), AvroSerde.of(ModelHealth.class), TopicKind.COMPACTED);
    this.alerts = new Topic<>(names.alerts(), AvroSerde.of(Alert.class), TopicKind.EVENTS);
    this.audit = new Topic<>(names.audit(), AvroSerde.of(AuditEvent.class), TopicKind.EVENTS);
    this.userMetrics = new Topic<>(names.userMetrics(), AvroSerde.of(UserDailyMetrics.class), TopicKind.COMPACTED);
    this.userErasures = new Topic<>(names.userErasures(), AvroSerde.of(ErasureRequest.class), TopicKind.EVENTS);
    this.blocks = new Topic<>(names.blocks(), AvroSerde.of(Block.class), TopicKind.COMPACTED);
    this.requestsBatch = new Topic<>(names.requestsBatch(), new EncryptedSerde<>(AvroSerde.of(BatchItem.class), cipher), TopicKind.BATCH);
    this.batchResults = new Topic<>(names.batchResults(), new EncryptedSerde<>(AvroSerde.of(BatchResult.class), cipher), TopicKind.BATCH);
    this.batchJobs = new Topic<>(names.batchJobs(), AvroSerde.of(BatchJob.class), TopicKind.COMPACTED);
    this.batchStatus = new Topic<>(names.batchStatus(), AvroSerde.of(BatchProgress.class), TopicKind.COMPACTED);
  }

  private static <V> Topic<V> ephemeral(String name, Serde<V> plain, RecordCipher cipher) {
    return new Topic<>(name, new EncryptedSerde<>(plain, cipher), TopicKind.EPHEMERAL);
  }

  public Topic<QueryRequest> requestsRoute() {
    return requestsRoute;
  }

  /** Queries fanned out to several models; the request carries its ensemble options. */
  public Topic<QueryRequest> requestsEnsemble() {
    return requestsEnsemble;
  }

  public Topic<QueryResponse> replies() {
    return replies;
  }

  /**
   * Streamed answers' deltas: the same topic as {@link #replies()} (so a request's deltas and replies
   * share the partition its ingress reads, in order, encrypted alike), records marked by the header
   * {@link #REPLY_KIND} = {@link #REPLY_KIND_DELTA}. Not listed in {@link #all()}: it is not a topic
   * of its own.
   */
  public Topic<StreamDelta> replyDeltas() {
    return replyDeltas;
  }

  /**
   * Cancellations of requests whose caller went away (a streaming client disconnected), keyed by
   * request id. Every router worker reads all of it and stops the provider call of a request it is
   * handling; the others ignore it. Ephemeral: worth nothing after the request's deadline.
   */
  public Topic<StreamCancel> requestsCancel() {
    return requestsCancel;
  }

  /** Header on ai.replies telling a streamed delta from a whole reply. */
  public static final String REPLY_KIND = "ai-reply-kind";
  public static final String REPLY_KIND_DELTA = "delta";

  public Topic<MetricEvent> metrics() {
    return metrics;
  }

  public Topic<MetricWindow> metricWindows() {
    return metricWindows;
  }

  /** Latest health of each model as each worker sees it. Keyed {@code model@worker}; a stopped worker tombstones its keys. */
  public Topic<ModelHealth> providerHealth() {
    return providerHealth;
  }

  /** Blocked subjects (ip:…, client:…) keyed by subject; every ingress replica reads all of it. */
  public Topic<Block> blocks() {
    return blocks;
  }

  /** Alert rule state changes (FIRING, RESOLVED), keyed by rule name. */
  public Topic<Alert> alerts() {
    return alerts;
  }

  /** Security and data-access events (edge refusals, admin actions, user-data export and erasure), keyed by actor. */
  public Topic<AuditEvent> audit() {
    return audit;
  }

  /** Per-user daily aggregates, keyed {userIdHash}|{dayStartMs}; erasure leaves tombstones. */
  public Topic<UserDailyMetrics> userMetrics() {
    return userMetrics;
  }

  /** Requests to erase a user's aggregates, keyed by the user id's hash. */
  public Topic<ErasureRequest> userErasures() {
    return userErasures;
  }

  /**
   * Items of asynchronous batches, keyed by item id (spread over every partition, so every router
   * worker takes a share of a batch): the router workers' lower lane. Encrypted, kept for a batch's window.
   */
  public Topic<BatchItem> requestsBatch() {
    return requestsBatch;
  }

  /** One result per batch item (at least once: the first per itemId counts), keyed by batch id. Encrypted: answers are user text. */
  public Topic<BatchResult> batchResults() {
    return batchResults;
  }

  /** Submitted batches (owner, total, window, webhook, cancel request), keyed by batch id. */
  public Topic<BatchJob> batchJobs() {
    return batchJobs;
  }

  /** Batch progress derived from the results by the aggregator, keyed by batch id. */
  public Topic<BatchProgress> batchStatus() {
    return batchStatus;
  }

  public List<Topic<?>> all() {
    return List.of(requestsRoute, requestsEnsemble, replies, requestsCancel, metrics, metricWindows, providerHealth, alerts, audit, userMetrics,
        userErasures, blocks, requestsBatch, batchResults, batchJobs, batchStatus);
  }
}
