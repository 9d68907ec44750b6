package io.multiai.gateway.aggregator.batch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.web.WebhookTargets;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a batch's {@code webhookUrl} that the batch ended: reads {@code ai.batch.status} in its own
 * consumer group (offsets committed after the delivery, so a restart neither loses nor repeats one) and
 * posts, for a progress record with a final status, {@code {type: batch.completed|batch.cancelled|batch.expired,
 * batchId, status, counts, costUsd, createdAt, completedAt, expiresAt, metadata?}}.
 *
 * <p>Signed: {@code X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, so a
 * receiver can check origin and freshness; {@code X-Gateway-Delivery} is the batch id (the same on every
 * retry). Retried with exponential backoff on a transport error, a 429 or a 5xx. The URL is checked again
 * ({@link WebhookTargets}) before each delivery: a name may resolve elsewhere than when it was submitted.
 */
public final class BatchWebhooks implements ConcurrentRecordProcessor.Handler<BatchProgress> {

  private static final Logger log = LoggerFactory.getLogger(BatchWebhooks.class);

  private final Function<String, BatchJob> jobs;
  private final BatchWebhookSettings settings;
  private final WebhookTargets targets;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient http;
  /** Batches delivered by this process: a job record re-published after the end (a late cancel) sends nothing twice. */
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();

  public BatchWebhooks(Function<String, BatchJob> jobs, BatchWebhookSettings settings, JsonMapper json, Clock clock) {
    this.jobs = jobs;
    this.settings = settings;
    this.targets = new WebhookTargets(Set.copyOf(settings.webhookAllowedHosts()));
    this.json = json;
    this.clock = clock;
    // HTTP/1.1: Java's client otherwise asks a plain-http receiver to upgrade to h2c (Upgrade, HTTP2-Settings
    // headers), which receivers built for webhooks do not expect.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.webhookTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Mono<Void> handle(ConsumerRecord<String, byte[]> record, BatchProgress progress) {
    if (progress.getFinalStatus() == null || delivered.contains(progress.getBatchId())) {
      return Mono.empty();
    }
    BatchJob job = jobs.apply(progress.getBatchId());
    if (job == null || job.getWebhookUrl() == null) {
      return Mono.empty();
    }
    String body = body(job, progress);
    return Mono.fromCallable(() -> targets.check(job.getWebhookUrl()))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(url -> Mono.defer(() -> post(url, job.getBatchId(), body))
            .retryWhen(Retry.backoff(Math.max(0, settings.webhookAttempts() - 1), settings.webhookBackoff())
                .filter(e -> e instanceof Retryable)))
        .doOnSuccess(ok -> delivered.add(job.getBatchId()))
        .onErrorResume(e -> {
          log.warn("batch {} webhook not delivered: {}", job.getBatchId(),
              e instanceof IllegalArgumentException ? e.getMessage() : e.toString());
          return Mono.empty();
        })
        .then();
  }

  private static final class Retryable extends RuntimeException {
    Retryable(String message) {
      super(message, null, false, false);
    }
  }

  private Mono<Integer> post(URI url, String batchId, String body) {
    long t = clock.millis() / 1000;
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(settings.webhookTimeout())
        .header("content-type", "application/json")
        .header("X-Gateway-Delivery", batchId)
        .header("X-Gateway-Signature", "t=" + t + ",v1=" + sign(settings.webhookSecret(), t, body))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
        .onErrorMap(e -> !(e instanceof Retryable), e -> new Retryable("unreachable: " + e.getClass().getSimpleName()))
        .flatMap(response -> {
          int status = response.statusCode();
          if (status / 100 == 2) {
            return Mono.just(status);
          }
          if (status == 429 || status / 100 == 5) {
            return Mono.error(new Retryable("answered " + status));
          }
          return Mono.error(new IllegalStateException("refused with " + status + "; not retried"));
        });
  }

  /** Hex HMAC-SHA256 of {@code t + "." + body}: what a receiver recomputes to check a delivery. */
  public static String sign(String secret, long t, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String body(BatchJob job, BatchProgress p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "batch." + p.getFinalStatus());
    body.put("batchId", job.getBatchId());
    body.put("status", p.getFinalStatus());
    body.put("counts", Map.of("total", p.getTotal(), "succeeded", p.getSucceeded(), "failed", p.getFailed(),
        "cancelled", p.getCancelled(), "expired", p.getExpired(), "pending", 0));
    body.put("costUsd", p.getCostUsd());
    body.put("createdAt", Instant.ofEpochMilli(job.getCreatedAtMs()).toString());
    body.put("completedAt", p.getCompletedAtMs() == null ? null : Instant.ofEpochMilli(p.getCompletedAtMs()).toString());
    body.put("expiresAt", Instant.ofEpochMilli(job.getExpiresAtMs()).toString());
    if (!job.getMetadata().isEmpty()) {
      body.put("metadata", job.getMetadata());
    }
    return json.writeValueAsString(body);
  }
}
