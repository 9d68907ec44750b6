package io.multiai.gateway.router.answering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.providers.resilience.CircuitState;
import io.multiai.gateway.providers.resilience.CircuitTransition;
import io.multiai.gateway.schemas.ModelHealth;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Tells the fleet how this worker sees each model: unusable for a reason retrying cannot fix (a
 * rejected API key, a model the provider does not know), or with its circuit open or half-open, and
 * when it is usable again.
 *
 * <p>Each worker reports under its own key, {@code <model>@<worker>}, so one worker's recovery does not
 * hide another's open circuit; the status endpoint shows a model unavailable while any worker's
 * current report says so. Changes are published when they happen; reports of an unavailable model are
 * published again every {@code refresh}, so a reader can drop reports older than a few refreshes (a
 * worker that died without saying goodbye). A worker that stops deletes its reports (tombstones).
 */
public final class ModelHealthReporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelHealthReporter.class);

  private final RecordPublisher publisher;
  private final Topics topics;
  private final Clock clock;
  private final String workerId;
  private final int failureThreshold;
  /**
   * One thread publishes every report, in the order the changes happened: reports of one model share a
   * key and a partition, and a stale state written last would stand in the compacted topic.
   */
  private final Scheduler publishing = Schedulers.newSingle("model-health-publisher", true);
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Disposable refresher;

  /** This worker's view of one model. */
  private record State(String provider, String lastingReason, CircuitState circuit, Long retryAtMs) {

    boolean available() {
      return lastingReason == null && circuit == CircuitState.CLOSED;
    }
  }

  public ModelHealthReporter(RecordPublisher publisher, Topics topics, Clock clock, String workerId, int failureThreshold,
      Duration refresh) {
    this.publisher = publisher;
    this.topics = topics;
    this.clock = clock;
    this.workerId = workerId;
    this.failureThreshold = failureThreshold;
    this.refresher = Flux.interval(refresh, refresh).concatMap(tick -> refreshUnavailable()).subscribe();
  }

  public String workerId() {
    return workerId;
  }

  /** A provider call's result: lasting failures and the recovery from them. Transient ones are the circuit's business. */
  Mono<Void> observe(AttemptOutcome call) {
    if (!call.providerCalled()) {
      return Mono.empty();
    }
    String lasting = call.succeeded() ? null : lastingReason(call.errorType());
    if (!call.succeeded() && lasting == null) {
      return Mono.empty();
    }
    String model = call.model();
    String provider = call.provider().wireName();
    State before = states.get(model);
    State after = new State(provider, lasting, before == null ? CircuitState.CLOSED : before.circuit(),
        before == null ? null : before.retryAtMs());
    return update(model, before, after);
  }

  /** A circuit of this worker changed state (called by the resilience layer on the calling thread). */
  public void circuitChanged(CircuitTransition transition) {
    String model = transition.model();
    State before = states.get(model);
    State after = new State(transition.provider().wireName(), before == null ? null : before.lastingReason(), transition.to(),
        transition.retryAtMs());
    update(model, before, after).subscribe(null,
        error -> log.warn("could not publish the health of {}: {}", model, error.toString()));
  }

  private Mono<Void> update(String model, State before, State after) {
    states.put(model, after);
    boolean unchanged = before == null ? after.available() : before.equals(after);
    if (unchanged) {
      return Mono.empty(); // nearly every call: decided here, without a hand-off to the publishing thread
    }
    // Off the calling thread (often a provider client's event loop): KafkaProducer.send may block on metadata.
    return Mono.defer(() -> publish(model, after)).subscribeOn(publishing);
  }

  private Mono<Void> publish(String model, State state) {
    ModelHealth health = ModelHealth.newBuilder()
        .setModel(model)
        .setProvider(state.provider())
        .setAvailable(state.available())
        .setReason(reason(state))
        .setReportedBy(workerId)
        .setUpdatedAtMs(clock.millis())
        .setCircuitState(state.circuit().name())
        .setRetryAtMs(state.circuit() == CircuitState.OPEN ? state.retryAtMs() : null)
        .build();
    return publisher.publish(topics.providerHealth(), key(model), health).then();
  }

  private String reason(State state) {
    if (state.lastingReason() != null) {
      return state.lastingReason();
    }
    return switch (state.circuit()) {
      case OPEN -> "circuit open after " + failureThreshold + " consecutive failed calls"
          + (state.retryAtMs() == null ? "" : "; probing again from " + Instant.ofEpochMilli(state.retryAtMs()));
      case HALF_OPEN -> "circuit half-open: probing whether the model answers again";
      case CLOSED -> null;
    };
  }

  private Mono<Void> refreshUnavailable() {
    return Flux.fromIterable(states.entrySet())
        .filter(e -> !e.getValue().available())
        .concatMap(e -> publish(e.getKey(), e.getValue()))
        .onErrorResume(error -> {
          log.warn("could not refresh model health: {}", error.toString());
          return Mono.empty();
        })
        .then();
  }

  private String key(String model) {
    return model + "@" + workerId;
  }

  /** Deletes this worker's reports: a stopped worker no longer vouches for anything. */
  @Override
  public void close() {
    refresher.dispose();
    publishing.dispose();
    try {
      Flux.fromIterable(states.keySet())
          .concatMap(model -> publisher.send(new ProducerRecord<>(topics.providerHealth().name(), key(model), null)))
          .then()
          .block(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("could not delete this worker's health reports: {}", e.toString());
    }
  }

  private static String lastingReason(ErrorType type) {
    return switch (Objects.requireNonNull(type)) {
      case AUTHENTICATION -> "invalid API key";
      case PERMISSION -> "the provider refused access (permission or quota)";
      case NOT_FOUND -> "model not found at the provider";
      default -> null;
    };
  }
}
