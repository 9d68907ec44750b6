package io.multiai.gateway.router.handling;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.provider.ErrorType;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.ModelHealth;
import reactor.core.publisher.Mono;

/**
 * Tells the fleet when a model becomes unusable for a reason retrying cannot fix (a rejected API
 * key, a model the provider does not know) and when it answers again. Only changes are published.
 */
public final class ModelHealthReporter {

  private final RecordPublisher publisher;
  private final Topics topics;
  private final Clock clock;
  private final String workerId;
  private final Map<String, String> lastReason = new ConcurrentHashMap<>();

  private static final String HEALTHY = "";

  public ModelHealthReporter(RecordPublisher publisher, Topics topics, Clock clock, String workerId) {
    this.publisher = publisher;
    this.topics = topics;
    this.clock = clock;
    this.workerId = workerId;
  }

  Mono<Void> observe(CallResult call) {
    String reason = call.succeeded() ? HEALTHY : lastingReason(call.errorType());
    if (reason == null) {
      return Mono.empty(); // transient failures are the retry and circuit breaker's business
    }
    String model = call.candidate().model();
    String previous = lastReason.put(model, reason);
    if (reason.equals(previous) || (previous == null && reason.equals(HEALTHY))) {
      return Mono.empty();
    }
    ModelHealth health = ModelHealth.newBuilder()
        .setModel(model)
        .setProvider(call.candidate().provider().wireName())
        .setAvailable(reason.equals(HEALTHY))
        .setReason(reason.equals(HEALTHY) ? null : reason)
        .setReportedBy(workerId)
        .setUpdatedAtMs(clock.millis())
        .build();
    return publisher.publish(topics.providerHealth(), model, health).then();
  }

  private static String lastingReason(ErrorType type) {
    return switch (type) {
      case AUTHENTICATION -> "invalid API key";
      case PERMISSION -> "the provider refused access (permission or quota)";
      case NOT_FOUND -> "model not found at the provider";
      default -> null;
    };
  }
}
