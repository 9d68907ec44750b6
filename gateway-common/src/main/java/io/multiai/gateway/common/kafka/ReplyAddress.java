package io.multiai.gateway.common.kafka;

import java.util.OptionalInt;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.schemas.QueryResponse;
import reactor.core.publisher.Mono;

/**
 * Where the ingress instance that sent a request waits for its answer, read from the request's
 * headers: the reply topic (the default when absent), the partition it reads (any when absent) and
 * the correlation id it matches replies by (the request id when absent).
 */
public record ReplyAddress(String topic, Integer partition, String correlationId) {

  public static ReplyAddress of(Headers requestHeaders, String requestId, Topic<QueryResponse> defaultReplies) {
    String topic = RequestHeaders.string(requestHeaders, RequestHeaders.REPLY_TOPIC);
    OptionalInt partition = RequestHeaders.intValue(requestHeaders, RequestHeaders.REPLY_PARTITION);
    String correlationId = RequestHeaders.string(requestHeaders, RequestHeaders.CORRELATION_ID);
    return new ReplyAddress(topic == null ? defaultReplies.name() : topic,
        partition.isPresent() && partition.getAsInt() >= 0 ? partition.getAsInt() : null,
        correlationId == null ? requestId : correlationId);
  }

  /** Publishes the reply there, with the correlation id; completes when the broker has it. */
  public Mono<Void> send(RecordPublisher publisher, Topic<QueryResponse> replies, QueryResponse reply) {
    RecordHeaders headers = new RecordHeaders();
    RequestHeaders.putString(headers, RequestHeaders.CORRELATION_ID, correlationId);
    return publisher.publishTo(topic, replies, partition, reply.getRequestId(), reply, headers).then();
  }
}
