package io.multiai.gateway.ensemble.strategy;

import java.time.Clock;
import java.util.List;

import io.multiai.gateway.ensemble.calling.MemberCall;
import io.multiai.gateway.ensemble.calling.ModelInvoker;
import reactor.core.publisher.Mono;

/** One ensemble run: the query, the member models, and one deadline for all of it. */
public record EnsembleContext(String requestId, String query, List<String> models, long deadlineMs, int maxTokens,
    ModelInvoker invoker, Clock clock) {

  Mono<MemberCall> ask(String model, String prompt, MemberCall.Role role) {
    return invoker.call(requestId, model, prompt, maxTokens, role, deadlineMs);
  }

  /** Every member's answer to the query, in parallel, each bounded by the deadline. */
  Mono<List<MemberCall>> askAll() {
    return reactor.core.publisher.Flux.fromIterable(models)
        .flatMap(model -> ask(model, query, MemberCall.Role.MEMBER))
        .collectList()
        .map(calls -> calls.stream().sorted(java.util.Comparator.comparingInt(c -> models.indexOf(c.model()))).toList());
  }
}
