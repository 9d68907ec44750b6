package io.multiai.gateway.ingress.batch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.common.web.WebhookTargets;
import io.multiai.gateway.ingress.problem.ApiException;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.ingress.ratelimit.RateDecision;
import io.multiai.gateway.ingress.ratelimit.RateLimiter;
import io.multiai.gateway.ingress.route.RouteCommand;
import io.multiai.gateway.schemas.BatchItem;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Batches as the ingress knows them: submitted here (the job on {@code ai.batch.jobs}, then the items on
 * {@code ai.requests.batch}), read back from the compacted job and status topics that every instance
 * follows, so any instance answers for any batch. What this instance wrote itself is also kept in
 * memory until the views catch up, so a caller can read its batch right after submitting it.
 *
 * <p>A batch belongs to the subject that submitted it ({@code client:<id>}); {@link #visible} hides it
 * from everyone else but admins. With an {@code Idempotency-Key} the batch id is derived from owner and
 * key, so a repeated submission finds the batch instead of making a second one — even one racing on
 * another instance publishes the same item ids, which the aggregator counts once.
 */
public final class BatchService {

  /** A refusal by the per-client batch limits: 429 with Retry-After. */
  static final class LimitExceeded extends ApiException {
    private final long retryAfterSeconds;

    LimitExceeded(String message, long retryAfterSeconds) {
      super(429, null, "batch_limit", message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** A submission's outcome: the batch, and whether it already existed (an idempotent replay). */
  record Submitted(BatchState state, boolean replayed) {}

  private final Topics topics;
  private final RecordPublisher publisher;
  private final CompactedTopicView<BatchJob> jobs;
  private final CompactedTopicView<BatchProgress> progress;
  private final UserIdHasher userIds;
  private final RateLimiter limiter;
  private final WebhookTargets webhooks;
  private final BatchProperties properties;
  private final Clock clock;
  private final Map<String, BatchJob> written = new ConcurrentHashMap<>();

  public BatchService(Topics topics, RecordPublisher publisher, CompactedTopicView<BatchJob> jobs,
      CompactedTopicView<BatchProgress> progress, UserIdHasher userIds, RateLimiter limiter, WebhookTargets webhooks,
      BatchProperties properties, Clock clock) {
    this.topics = topics;
    this.publisher = publisher;
    this.jobs = jobs;
    this.progress = progress;
    this.userIds = userIds;
    this.limiter = limiter;
    this.webhooks = webhooks;
    this.properties = properties;
    this.clock = clock;
  }

  /** The id a submission gets: random, or derived from its owner and Idempotency-Key. */
  static String batchId(String owner, String idempotencyKey) {
    UUID id = idempotencyKey == null ? UUID.randomUUID()
        : UUID.nameUUIDFromBytes((owner + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    return "batch_" + id.toString().replace("-", "");
  }

  Mono<Submitted> submit(String owner, BatchSubmission submission, String idempotencyKey) {
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw new InvalidRequestException("Idempotency-Key", "Idempotency-Key must be 1..200 characters");
    }
    String batchId = batchId(owner, idempotencyKey);
    BatchJob existing = job(batchId);
    if (existing != null) {
      return Mono.just(new Submitted(state(existing), true));
    }
    int items = submission.items().size();
    long inFlight = itemsInFlight(owner);
    if (inFlight + items > properties.itemsInFlight()) {
      return Mono.error(new LimitExceeded("batch items in flight: " + inFlight + " pending + " + items + " new > the limit of "
          + properties.itemsInFlight(), 60));
    }
    if (items > properties.itemsPerMinute()) {
      return Mono.error(new LimitExceeded("a batch of " + items + " items is above the limit of " + properties.itemsPerMinute()
          + " items per minute", 60));
    }
    return checkedWebhook(submission.webhookUrl())
        // Deferred: the limiter takes its tokens when called, and a batch refused for its webhook must not spend them.
        .then(Mono.defer(() -> limiter.consume(itemsBucket(owner), properties.itemsPerMinute(), items)))
        .flatMap(decision -> {
          if (!decision.allowed()) {
            return Mono.error(new LimitExceeded("over the limit of " + properties.itemsPerMinute() + " batch items per minute ("
                + decision.remaining() + " left)", Math.max(1, decision.resetSeconds())));
          }
          return publish(owner, batchId, submission, idempotencyKey);
        });
  }

  private Mono<Void> checkedWebhook(String url) {
    if (url == null) {
      return Mono.empty();
    }
    // Resolving the host blocks: off the event loop.
    return Mono.fromRunnable(() -> {
      try {
        webhooks.check(url);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("webhookUrl", e.getMessage());
      }
    }).subscribeOn(Schedulers.boundedElastic()).then();
  }

  private Mono<Submitted> publish(String owner, String batchId, BatchSubmission submission, String idempotencyKey) {
    long now = clock.millis();
    long expiresAt = now + properties.completionWindow().toMillis();
    BatchJob job = BatchJob.newBuilder()
        .setBatchId(batchId)
        .setOwner(owner)
        .setTotal(submission.items().size())
        .setCreatedAtMs(now)
        .setExpiresAtMs(expiresAt)
        .setWebhookUrl(submission.webhookUrl())
        .setIdempotencyKey(idempotencyKey)
        .setMetadata(Map.copyOf(submission.metadata()))
        .build();
    String userIdHash = submission.userId() == null ? null : userIds.hash(submission.userId());
    List<BatchSubmission.Item> items = submission.items();
    // The job first: items whose batch is unknown would have no owner, total or window.
    return publisher.publish(topics.batchJobs(), batchId, job)
        .doOnNext(ack -> written.put(batchId, job))
        .thenMany(Flux.range(0, items.size())
            .flatMap(index -> {
              BatchItem item = item(batchId, index, items.get(index), userIdHash, now, expiresAt);
              return publisher.publish(topics.requestsBatch(), item.getItemId(), item);
            }, 512))
        .then(Mono.fromSupplier(() -> new Submitted(state(job), false)));
  }

  private static BatchItem item(String batchId, int index, BatchSubmission.Item item, String userIdHash, long now, long expiresAt) {
    RouteCommand command = item.command();
    return BatchItem.newBuilder()
        .setBatchId(batchId)
        .setItemId(batchId + "/" + index)
        .setCustomId(item.customId())
        .setIndex(index)
        .setQuery(command.query())
        .setCostPriority(command.costPriority())
        .setProvider(command.provider())
        .setModel(command.model())
        .setFallback(command.fallback())
        .setUserIdHash(userIdHash)
        .setCreatedAtMs(now)
        .setExpiresAtMs(expiresAt)
        .build();
  }

  /** The batch as this instance knows it: the view's, or what this instance wrote if that is newer. */
  BatchJob job(String batchId) {
    BatchJob seen = jobs.get(batchId);
    BatchJob mine = written.get(batchId);
    if (mine == null) {
      return seen;
    }
    if (seen != null && (seen.getCancelRequestedAtMs() != null || mine.getCancelRequestedAtMs() == null)) {
      written.remove(batchId); // the view has caught up
      return seen;
    }
    return mine;
  }

  BatchState state(BatchJob job) {
    return new BatchState(job, progress.get(job.getBatchId()), clock.millis());
  }

  /** Whether a caller may see a batch: its owner, or an admin. Others get 404, as for a batch that does not exist. */
  static boolean visible(BatchJob job, String subject, boolean admin) {
    return job != null && (admin || job.getOwner().equals(subject));
  }

  /** Asks for the batch's pending items to be skipped: the workers end them {@code cancelled} without a provider call. */
  Mono<BatchState> cancel(BatchJob job) {
    BatchState state = state(job);
    if (job.getCancelRequestedAtMs() != null || state.finished() || state.pending() == 0) {
      return Mono.just(state);
    }
    BatchJob cancelled = BatchJob.newBuilder(job).setCancelRequestedAtMs(clock.millis()).build();
    return publisher.publish(topics.batchJobs(), job.getBatchId(), cancelled)
        .doOnNext(ack -> written.put(job.getBatchId(), cancelled))
        .thenReturn(state(cancelled));
  }

  /** The caller's batches (every batch for an admin), newest first. */
  List<BatchState> list(String subject, boolean admin, int limit) {
    Map<String, BatchJob> all = new LinkedHashMap<>(jobs.snapshot());
    written.forEach((id, job) -> all.put(id, job(id)));
    return all.values().stream()
        .filter(job -> visible(job, subject, admin))
        .sorted(Comparator.comparingLong(BatchJob::getCreatedAtMs).reversed().thenComparing(BatchJob::getBatchId))
        .limit(Math.max(1, Math.min(limit, properties.listLimit())))
        .map(this::state)
        .toList();
  }

  /** Items of the owner's batches without a result yet, in batches whose window is still open. */
  long itemsInFlight(String owner) {
    Map<String, BatchJob> all = new LinkedHashMap<>(jobs.snapshot());
    written.forEach((id, job) -> all.put(id, job(id)));
    return all.values().stream().filter(job -> job.getOwner().equals(owner)).map(this::state)
        .filter(BatchState::open).mapToLong(BatchState::pending).sum();
  }

  /** The owner's batch limits, for the status document: {@code {itemsPerMinute: {…}, itemsInFlight: {…}}}. */
  Mono<Map<String, Object>> limits(String owner) {
    return limiter.peek(itemsBucket(owner), properties.itemsPerMinute()).map(decision -> {
      Map<String, Object> limits = new LinkedHashMap<>();
      limits.put("itemsPerMinute", perMinute(decision));
      limits.put("itemsInFlight", Map.of("limit", properties.itemsInFlight(), "current", itemsInFlight(owner)));
      return limits;
    });
  }

  private static Map<String, Object> perMinute(RateDecision decision) {
    return Map.of("limit", decision.limit(), "remaining", decision.remaining(), "resetSeconds", decision.resetSeconds());
  }

  private String itemsBucket(String owner) {
    return RateLimiter.key(owner, "batch-items", properties.itemsPerMinute());
  }
}
