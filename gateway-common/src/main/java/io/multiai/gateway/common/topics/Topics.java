package io.multiai.gateway.common.topics;

import java.util.List;

import io.multiai.gateway.schemas.AuditEvent;
import io.multiai.gateway.schemas.AvroSerde;
import io.multiai.gateway.schemas.Block;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;
import io.multiai.gateway.schemas.ModelHealth;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;

/** The one place that knows every topic, its value type and its serde. */
public final class Topics {

  private final Topic<QueryRequest> requestsRoute;
  private final Topic<QueryResponse> replies;
  private final Topic<MetricEvent> metrics;
  private final Topic<MetricWindow> metricWindows;
  private final Topic<ModelHealth> providerHealth;
  private final Topic<Block> blocks;
  private final Topic<AuditEvent> audit;

  public Topics(TopicNames names) {
    this.requestsRoute = new Topic<>(names.requestsRoute(), AvroSerde.of(QueryRequest.class), TopicKind.EPHEMERAL);
    this.replies = new Topic<>(names.replies(), AvroSerde.of(QueryResponse.class), TopicKind.EPHEMERAL);
    this.metrics = new Topic<>(names.metrics(), AvroSerde.of(MetricEvent.class), TopicKind.EVENTS);
    this.metricWindows = new Topic<>(names.metricWindows(), AvroSerde.of(MetricWindow.class), TopicKind.COMPACTED);
    this.providerHealth = new Topic<>(names.providerHealth(), AvroSerde.of(ModelHealth.class), TopicKind.COMPACTED);
    this.blocks = new Topic<>(names.blocks(), AvroSerde.of(Block.class), TopicKind.COMPACTED);
    this.audit = new Topic<>(names.audit(), AvroSerde.of(AuditEvent.class), TopicKind.EVENTS);
  }

  public Topic<QueryRequest> requestsRoute() {
    return requestsRoute;
  }

  public Topic<QueryResponse> replies() {
    return replies;
  }

  public Topic<MetricEvent> metrics() {
    return metrics;
  }

  public Topic<MetricWindow> metricWindows() {
    return metricWindows;
  }

  /** Latest health of each model, as the workers saw it. Keyed by model id. */
  public Topic<ModelHealth> providerHealth() {
    return providerHealth;
  }

  /** Blocked subjects (ip:…, client:…) keyed by subject; every ingress replica reads all of it. */
  public Topic<Block> blocks() {
    return blocks;
  }

  /** Security events of the edge, keyed by actor. */
  public Topic<AuditEvent> audit() {
    return audit;
  }

  public List<Topic<?>> all() {
    return List.of(requestsRoute, replies, metrics, metricWindows, providerHealth, blocks, audit);
  }
}
