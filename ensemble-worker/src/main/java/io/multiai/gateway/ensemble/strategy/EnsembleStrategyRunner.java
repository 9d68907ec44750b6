package io.multiai.gateway.ensemble.strategy;

import reactor.core.publisher.Mono;

/** A way to turn several models' answers into one. */
public interface EnsembleStrategyRunner {

  Mono<EnsembleOutcome> run(EnsembleContext context);
}
