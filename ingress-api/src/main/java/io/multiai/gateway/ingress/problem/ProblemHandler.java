package io.multiai.gateway.ingress.problem;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Maps what can go wrong with a request to problem details; bad input is never a 500. */
@RestControllerAdvice
class ProblemHandler {

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    ResponseEntity<ProblemDetail> response = Problems.of(400, "invalid-request", "Invalid request", e.getMessage());
    if (e.field() != null) {
      response.getBody().setProperty("field", e.field());
    }
    return response;
  }

  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
    return Problems.of(400, "invalid-request", "Invalid request", e.getReason() == null ? "the request could not be read" : e.getReason());
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
    int status = e.getStatusCode().value();
    return Problems.of(status, "http-" + status, Problems.title(status), e.getReason() == null ? Problems.title(status) : e.getReason());
  }
}
