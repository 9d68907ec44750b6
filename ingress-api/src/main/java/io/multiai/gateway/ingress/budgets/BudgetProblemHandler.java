package io.multiai.gateway.ingress.budgets;

import java.util.Map;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.ingress.problem.ErrorShape;
import io.multiai.gateway.ingress.problem.Problems;

/**
 * A budget refusal as HTTP 402 in the path's error shape ({@link ErrorShape}): problem details with the budget
 * ({@code budget}, {@code scope}, {@code period}, {@code limitUsd}, {@code spentUsd}, {@code reservedUsd},
 * {@code requiredUsd}, {@code resetsAt}) or, on {@code /v1}, OpenAI's error object with code {@code budget_exceeded};
 * both with {@code Retry-After} (seconds until the period resets).
 */
@RestControllerAdvice
class BudgetProblemHandler {

  static final String TYPE = "budget-exceeded";

  @ExceptionHandler(BudgetExceededException.class)
  ResponseEntity<?> exceeded(BudgetExceededException e, ServerWebExchange exchange) {
    return response(e, exchange.getRequest().getPath().value());
  }

  static ResponseEntity<?> response(BudgetExceededException e, String path) {
    if (ErrorShape.openAi(path)) {
      ResponseEntity<Map<String, Object>> openAi = ErrorShape.openAi(402, e.getMessage(), null, "budget_exceeded", e.retryAfterSeconds());
      return openAi;
    }
    ResponseEntity<ProblemDetail> problem = Problems.of(402, TYPE, "Payment Required", e.getMessage(), e.retryAfterSeconds());
    ProblemDetail body = problem.getBody();
    body.setProperty("budget", e.budget().id().name());
    body.setProperty("scope", e.budget().id().scope().wireName());
    body.setProperty("period", e.budget().period().wireName());
    body.setProperty("action", e.budget().action().wireName());
    body.setProperty("limitUsd", e.budget().limitUsd());
    body.setProperty("spentUsd", Nanos.usd(e.usage().spentNanos()));
    body.setProperty("reservedUsd", Nanos.usd(e.usage().reservedNanos()));
    body.setProperty("requiredUsd", e.requiredUsd());
    body.setProperty("resetsAt", e.resetsAt().toString());
    if (e.unpricedModel() != null) {
      body.setProperty("unpricedModel", e.unpricedModel());
    }
    return problem;
  }
}
