package io.multiai.gateway.ensemble.strategy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.multiai.gateway.ensemble.calling.MemberCall;
import reactor.core.publisher.Mono;

/**
 * The first successful answer wins; the other calls are cancelled, and the cancellation reaches the
 * provider connection, so no more tokens are spent on answers nobody will use.
 */
public final class FastestStrategy implements EnsembleStrategyRunner {

  @Override
  public Mono<EnsembleOutcome> run(EnsembleContext context) {
    Map<String, MemberCall> finished = new ConcurrentHashMap<>();
    List<Mono<MemberCall>> racers = context.models().stream()
        .map(model -> context.ask(model, context.query(), MemberCall.Role.MEMBER)
            .doOnNext(call -> finished.put(model, call))
            .flatMap(call -> call.succeeded() ? Mono.just(call) : Mono.<MemberCall>error(new IllegalStateException(call.outcome()))))
        .toList();
    return Mono.firstWithValue(racers)
        .map(winner -> new EnsembleOutcome(winner.answer(), winner, calls(context, finished), null, Map.of(), null))
        .onErrorResume(allFailed -> Mono.just(EnsembleOutcome.nothingArrived(calls(context, finished))));
  }

  private static List<MemberCall> calls(EnsembleContext context, Map<String, MemberCall> finished) {
    return context.models().stream()
        .map(model -> finished.getOrDefault(model, MemberCall.cancelled(model, context.invoker().providerOf(model), MemberCall.Role.MEMBER)))
        .toList();
  }
}
