package io.multiai.gateway.common.topics;

import java.util.List;

import io.multiai.gateway.schemas.AvroSerde;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;
import io.multiai.gateway.schemas.ModelHealth;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;

/** The one place that knows every topic, its value type and its serde. */
public final class Topics {

  private final Topic<QueryRequest> requestsRoute;
  private final Topic<QueryRequest> requestsEnsemble;
  private final Topic<QueryResponse> replies;
  private final Topic<MetricEvent> metrics;
  private final Topic<MetricWindow> metricWindows;
  private final Topic<ModelHealth> providerHealth;

  public Topics(TopicNames names) {
    this.requestsRoute = new Topic<>(names.requestsRoute(), AvroSerde.of(QueryRequest.class), TopicKind.EPHEMERAL);
    this.requestsEnsemble = new Topic<>(names.requestsEnsemble(), AvroSerde.of(QueryRequest.class), TopicKind.EPHEMERAL);
    this.replies = new Topic<>(names.replies(), AvroSerde.of(QueryResponse.class), TopicKind.EPHEMERAL);
    this.metrics = new Topic<>(names.metrics(), AvroSerde.of(MetricEvent.class), TopicKind.EVENTS);
    this.metricWindows = new Topic<>(names.metricWindows(), AvroSerde.of(MetricWindow.class), TopicKind.COMPACTED);
    this.providerHealth = new Topic<>(names.providerHealth(), AvroSerde.of(ModelHealth.class), TopicKind.COMPACTED);
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

  public List<Topic<?>> all() {
    return List.of(requestsRoute, requestsEnsemble, replies, metrics, metricWindows, providerHealth);
  }
}
