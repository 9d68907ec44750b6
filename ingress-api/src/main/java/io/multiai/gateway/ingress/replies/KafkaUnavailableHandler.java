package io.multiai.gateway.ingress.replies;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.ingress.problem.ErrorShape;
import io.multiai.gateway.ingress.problem.Problems;
import io.multiai.gateway.ingress.replies.ReplyCorrelator.KafkaUnavailableException;

/**
 * A request Kafka did not take ({@link KafkaUnavailableException}: not acknowledged within the publish timeout, or
 * refused) as HTTP 503 with {@code Retry-After: 1}, in the path's error shape ({@link ErrorShape}): problem details of
 * type {@code kafka-unavailable}, or on {@code /v1} OpenAI's error object with code {@code kafka_unavailable}. One
 * handler for every edge that publishes requests (route, ensemble, chat completions, whole or streamed).
 */
@RestControllerAdvice
class KafkaUnavailableHandler {

  static final String DETAIL = "the request could not be queued (Kafka unavailable); retry shortly";
  static final long RETRY_AFTER_SECONDS = 1;

  @ExceptionHandler(KafkaUnavailableException.class)
  ResponseEntity<?> unavailable(KafkaUnavailableException e, ServerWebExchange exchange) {
    if (ErrorShape.openAi(exchange.getRequest().getPath().value())) {
      return ErrorShape.openAi(503, DETAIL, null, "kafka_unavailable", RETRY_AFTER_SECONDS);
    }
    return Problems.of(503, "kafka-unavailable", "Service Unavailable", DETAIL, RETRY_AFTER_SECONDS);
  }
}
