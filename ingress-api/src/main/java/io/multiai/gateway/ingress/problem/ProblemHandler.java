package io.multiai.gateway.ingress.problem;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Maps what can go wrong with a request to problem details, or to OpenAI's error object on the
 * {@code /v1} edge ({@link ErrorShape}); bad input is never a 500.
 */
@RestControllerAdvice
class ProblemHandler {

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<?> invalid(InvalidRequestException e, ServerWebExchange exchange) {
    int status = e instanceof ApiException api ? api.status() : 400;
    String code = e instanceof ApiException api ? api.code() : null;
    if (ErrorShape.openAi(exchange.getRequest().getPath().value())) {
      return ErrorShape.openAi(status, e.getMessage(), e.field(), code, null);
    }
    ResponseEntity<ProblemDetail> response = Problems.of(status, status == 400 ? "invalid-request" : code == null ? "http-" + status
        : code.replace('_', '-'), status == 400 ? "Invalid request" : Problems.title(status), e.getMessage());
    if (e.field() != null) {
      response.getBody().setProperty("field", e.field());
    }
    return response;
  }

  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<?> unreadable(ServerWebInputException e, ServerWebExchange exchange) {
    if (ErrorShape.openAi(exchange.getRequest().getPath().value())) {
      return ErrorShape.openAi(400, e.getReason() == null ? "the request could not be read" : e.getReason(), null, null, null);
    }
    return Problems.of(400, "invalid-request", "Invalid request", e.getReason() == null ? "the request could not be read" : e.getReason());
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<?> status(ResponseStatusException e, ServerWebExchange exchange) {
    int status = e.getStatusCode().value();
    if (ErrorShape.openAi(exchange.getRequest().getPath().value())) {
      return ErrorShape.openAi(status, e.getReason() == null ? Problems.title(status) : e.getReason(), null, null, null);
    }
    return Problems.of(status, "http-" + status, Problems.title(status), e.getReason() == null ? Problems.title(status) : e.getReason());
  }
}
