package io.multiai.gateway.ingress.users;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.schemas.ErasureRequest;
import io.multiai.gateway.schemas.UserDailyMetrics;
import reactor.core.publisher.Mono;

/**
 * A user's metrics: JSON export and erasure, both audited. The path's user id is hashed at once with
 * the same keyed hash the route endpoint applies, and only the hash goes further (topics, audit).
 *
 * <p>Erasure is asynchronous: the request goes to the aggregator, which deletes the user's days from
 * its store and changelog and publishes tombstones; the answer is 202, and the export is empty once
 * the tombstones have reached this instance (about a second).
 */
@RestController
class UserMetricsController {

  static final String EXPORT = "user_metrics_export";
  static final String ERASURE = "user_metrics_erasure";

  private final UserIdHasher userIds;
  private final CompactedTopicView<UserDailyMetrics> days;
  private final RecordPublisher publisher;
  private final Topics topics;
  private final AuditLog audit;
  private final Clock clock;

  UserMetricsController(UserIdHasher userIds, CompactedTopicView<UserDailyMetrics> days, RecordPublisher publisher,
      Topics topics, AuditLog audit, Clock clock) {
    this.userIds = userIds;
    this.days = days;
    this.publisher = publisher;
    this.topics = topics;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping("/api/ai/users/{userId}/metrics/export")
  Mono<Map<String, Object>> export(@PathVariable String userId, ServerWebExchange exchange) {
    String hash = userIds.hash(valid(userId));
    List<UserDailyMetrics> found = days.snapshot().entrySet().stream()
        .filter(e -> e.getKey().startsWith(hash + "|"))
        .map(Map.Entry::getValue)
        .sorted(java.util.Comparator.comparingLong(UserDailyMetrics::getDayStartMs))
        .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("userIdHash", hash);
    body.put("exportedAt", clock.instant().toString());
    body.put("days", found.stream().map(UserMetricsController::json).toList());
    return audit.recordUserDataAction(exchange, EXPORT, hash, "ok", found.size() + " days").thenReturn(body);
  }

  @DeleteMapping("/api/ai/users/{userId}/metrics")
  Mono<ResponseEntity<Map<String, Object>>> erase(@PathVariable String userId, ServerWebExchange exchange) {
    String hash = userIds.hash(valid(userId));
    String erasureId = UUID.randomUUID().toString();
    return publisher.publish(topics.userErasures(), hash, new ErasureRequest(hash, erasureId, clock.millis()))
        .then(audit.recordUserDataAction(exchange, ERASURE, hash, "accepted", erasureId))
        .onErrorResume(e -> audit.recordUserDataAction(exchange, ERASURE, hash, "failed", e.getClass().getSimpleName())
            .then(Mono.error(e)))
        .thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "accepted", "erasureId", erasureId,
            "userIdHash", hash)));
  }

  private static String valid(String userId) {
    if (userId.isBlank() || userId.length() > 256) {
      throw new InvalidRequestException("userId", "userId is 1 to 256 characters");
    }
    return userId;
  }

  private static Map<String, Object> json(UserDailyMetrics day) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", Instant.ofEpochMilli(day.getDayStartMs()).atOffset(ZoneOffset.UTC).toLocalDate().toString());
    json.put("queries", day.getQueries());
    json.put("successfulQueries", day.getQuerySuccesses());
    json.put("calls", day.getCalls());
    json.put("costUsd", day.getCostUsd());
    json.put("unknownCostCalls", day.getUnknownCostCount());
    json.put("inputTokens", day.getInputTokens());
    json.put("outputTokens", day.getOutputTokens());
    json.put("averageLatency", day.getCalls() == 0 ? 0.0 : (double) day.getLatencySumMs() / day.getCalls());
    json.put("cacheHits", day.getCacheHits());
    json.put("callsByModel", new java.util.TreeMap<>(day.getCallsByModel()));
    return json;
  }
}
