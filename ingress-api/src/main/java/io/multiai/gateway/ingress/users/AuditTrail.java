package io.multiai.gateway.ingress.users;

import java.time.Clock;

import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.AuditEvent;
import reactor.core.publisher.Mono;

/** Writes who did what to whose data to {@code ai.audit}, keyed by the actor. Never a raw user id. */
public final class AuditTrail {

  private final RecordPublisher publisher;
  private final Topics topics;
  private final Clock clock;

  public AuditTrail(RecordPublisher publisher, Topics topics, Clock clock) {
    this.publisher = publisher;
    this.topics = topics;
    this.clock = clock;
  }

  public Mono<Void> record(String actor, String action, String targetHash, String outcome, String detail) {
    AuditEvent event = AuditEvent.newBuilder()
        .setActor(actor)
        .setAction(action)
        .setTargetHash(targetHash)
        .setOutcome(outcome)
        .setDetail(detail)
        .setTimestampMs(clock.millis())
        .build();
    return publisher.publish(topics.audit(), actor, event).then();
  }
}
