package io.multiai.gateway.ingress.batch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;

/**
 * What a caller sees of a batch at one instant: the job as submitted, its progress as the aggregator
 * derived it (null before the first result), and the clock.
 *
 * <p>Status: {@code completed}, {@code cancelled} or {@code expired} once every item has a result (the
 * aggregator's verdict); before that {@code expired} when the completion window has passed (the items
 * still pending end expired), {@code cancelling} after a cancel request, {@code queued} before the first
 * result, else {@code in_progress}.
 */
record BatchState(BatchJob job, BatchProgress progress, long nowMs) {

  int succeeded() {
    return progress == null ? 0 : progress.getSucceeded();
  }

  int failed() {
    return progress == null ? 0 : progress.getFailed();
  }

  int cancelled() {
    return progress == null ? 0 : progress.getCancelled();
  }

  int expired() {
    return progress == null ? 0 : progress.getExpired();
  }

  int pending() {
    return Math.max(0, job.getTotal() - succeeded() - failed() - cancelled() - expired());
  }

  boolean finished() {
    return progress != null && progress.getFinalStatus() != null;
  }

  /** Whether the batch still counts against its owner's items in flight. */
  boolean open() {
    return !finished() && nowMs < job.getExpiresAtMs() && pending() > 0;
  }

  String status() {
    if (finished()) {
      return progress.getFinalStatus();
    }
    if (pending() == 0) {
      return job.getCancelRequestedAtMs() != null && cancelled() > 0 ? "cancelled" : expired() > 0 ? "expired" : "completed";
    }
    if (nowMs >= job.getExpiresAtMs()) {
      return "expired";
    }
    if (job.getCancelRequestedAtMs() != null) {
      return "cancelling";
    }
    return progress == null || succeeded() + failed() + cancelled() + expired() == 0 ? "queued" : "in_progress";
  }

  /** The status document: {@code {batchId, status, counts, costUsd, createdAt, completedAt, expiresAt, …}}. */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("batchId", job.getBatchId());
    body.put("status", status());
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("total", job.getTotal());
    counts.put("succeeded", succeeded());
    counts.put("failed", failed());
    counts.put("pending", pending());
    counts.put("cancelled", cancelled());
    counts.put("expired", expired());
    body.put("counts", counts);
    body.put("costUsd", progress == null ? 0.0 : progress.getCostUsd());
    body.put("tokens", Map.of("input", progress == null ? 0L : progress.getInputTokens(),
        "output", progress == null ? 0L : progress.getOutputTokens()));
    body.put("createdAt", Instant.ofEpochMilli(job.getCreatedAtMs()).toString());
    body.put("completedAt", progress == null || progress.getCompletedAtMs() == null ? null
        : Instant.ofEpochMilli(progress.getCompletedAtMs()).toString());
    body.put("expiresAt", Instant.ofEpochMilli(job.getExpiresAtMs()).toString());
    body.put("cancelRequestedAt", job.getCancelRequestedAtMs() == null ? null : Instant.ofEpochMilli(job.getCancelRequestedAtMs()).toString());
    if (!job.getMetadata().isEmpty()) {
      body.put("metadata", job.getMetadata());
    }
    return body;
  }
}
