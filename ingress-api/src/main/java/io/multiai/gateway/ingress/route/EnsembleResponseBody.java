package io.multiai.gateway.ingress.route;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.multiai.gateway.schemas.EnsembleMember;
import io.multiai.gateway.schemas.EnsembleResult;
import io.multiai.gateway.schemas.QueryResponse;

/** The 200 answer of /api/ai/ensemble. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnsembleResponseBody(
    String requestId,
    String answer,
    String strategy,
    String model,
    String complexity,
    List<Member> responses,
    Double agreement,
    Map<String, Double> scores,
    String scoring,
    double totalCostUsd,
    long latencyMs,
    boolean simulated) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Member(String model, String provider, String role, String answer, long latencyMs,
      RouteResponseBody.Tokens tokens, Double costUsd, String error) {}

  static EnsembleResponseBody from(QueryResponse reply) {
    EnsembleResult result = reply.getEnsemble();
    return new EnsembleResponseBody(
        reply.getRequestId(),
        reply.getAnswer(),
        result.getStrategy(),
        reply.getModel(),
        reply.getComplexity().name().toLowerCase(Locale.ROOT),
        members(result),
        result.getAgreement(),
        result.getScores().isEmpty() ? null : Map.copyOf(result.getScores()),
        result.getScoring(),
        result.getTotalCostUsd(),
        reply.getLatencyMs(),
        reply.getSimulated());
  }

  static List<Member> members(EnsembleResult result) {
    return result.getResponses().stream().map(EnsembleResponseBody::member).toList();
  }

  private static Member member(EnsembleMember m) {
    return new Member(m.getModel(), m.getProvider(), m.getRole(), m.getAnswer(), m.getLatencyMs(),
        new RouteResponseBody.Tokens(m.getInputTokens(), m.getOutputTokens()), m.getCostUsd(), m.getError());
  }
}
