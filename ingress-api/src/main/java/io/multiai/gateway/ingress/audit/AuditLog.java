package io.multiai.gateway.ingress.audit;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.schemas.AuditEvent;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one writer of {@link AuditEvent}s to {@code ai.audit}, keyed by actor ({@code client:<id>} or
 * {@code anonymous}). Edge events (refusals, admin requests, blocks) are written without making the
 * caller wait: the answer to a refused request does not depend on the audit write, and a broker
 * hiccup must not turn a 401 into a 500. User-data actions (export, erasure) are written before they
 * are answered ({@link #recordUserDataAction}): such an action must not happen unrecorded. The IP is
 * HMAC-hashed with the user-id secret, as is the user id a user-data action concerns; no key, query,
 * raw user id or raw address is ever written.
 */
public final class AuditLog {

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  private final RecordPublisher publisher;
  private final Topics topics;
  private final UserIdHasher hasher;
  private final Clock clock;
  private final String instance;
  private final AtomicLong failures = new AtomicLong();

  public AuditLog(RecordPublisher publisher, Topics topics, UserIdHasher hasher, Clock clock, String instance) {
    this.publisher = publisher;
    this.topics = topics;
    this.hasher = hasher;
    this.clock = clock;
    this.instance = instance;
  }

  /** An event about a request: actor and IP come from what the edge filters learnt. */
  public void record(ServerWebExchange exchange, String action, String target, String outcome) {
    record(EdgeAttributes.actor(exchange), EdgeAttributes.clientIp(exchange), action, target, outcome);
  }

  public void record(String actor, String ip, String action, String target, String outcome) {
    AuditEvent event = event(actor, ip, action, outcome).setTarget(target).build();
    // Sent from a worker thread: this may run in a Kafka producer callback, and a send from the
    // producer's own I/O thread that needs topic metadata would wait for itself (max.block.ms).
    Mono.defer(() -> publisher.publish(topics.audit(), actor, event)).subscribeOn(Schedulers.boundedElastic()).subscribe(ok -> { }, e -> {
      // Logged sparingly: a broker outage would otherwise log once per refused request.
      if (failures.getAndIncrement() % 1000 == 0) {
        log.warn("audit event not written ({} so far): {}", failures.get(), e.toString());
      }
    });
  }

  /**
   * Records an action on one user's data and completes once the event is written (or fails with the
   * write's error).
   *
   * @param userIdHash the keyed hash of the user whose data it is
   * @param detail a short non-personal note (a count, an erasure id, an error class)
   */
  public Mono<Void> recordUserDataAction(ServerWebExchange exchange, String action, String userIdHash, String outcome,
      String detail) {
    String actor = EdgeAttributes.actor(exchange);
    AuditEvent event = event(actor, EdgeAttributes.clientIp(exchange), action, outcome)
        .setTarget(target(exchange))
        .setTargetHash(userIdHash)
        .setDetail(detail)
        .build();
    return publisher.publish(topics.audit(), actor, event).then();
  }

  private AuditEvent.Builder event(String actor, String ip, String action, String outcome) {
    return AuditEvent.newBuilder()
        .setActor(actor)
        .setAction(action)
        .setOutcome(outcome)
        .setIpHash(ip == null || ip.equals("unknown") ? null : hasher.hash(ip))
        .setInstance(instance)
        .setTimestampMs(clock.millis());
  }

  /**
   * METHOD path, with the user id of a /api/ai/users/{userId}/... path redacted: an audit record must
   * not carry a raw user id (the user-data actions record its keyed hash themselves).
   */
  public static String target(ServerWebExchange exchange) {
    return exchange.getRequest().getMethod().name() + " " + redact(exchange.getRequest().getPath().value());
  }

  static String redact(String path) {
    return USER_PATH.matcher(path).replaceFirst("$1{userId}");
  }

  private static final java.util.regex.Pattern USER_PATH = java.util.regex.Pattern.compile("^(/api/ai/users/)[^/]+");
}
