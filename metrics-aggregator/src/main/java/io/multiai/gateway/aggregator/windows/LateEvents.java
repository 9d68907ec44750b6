package io.multiai.gateway.aggregator.windows;

/**
 * Told of every event that arrived after its window of some size had closed (window end plus grace
 * before the stream time): the window leaves it out, so it is counted here instead of lost silently.
 * The running totals still include it.
 */
@FunctionalInterface
public interface LateEvents {

  LateEvents IGNORE = window -> {};

  void tooLateFor(WindowSize window);

  /** Several events at once. */
  default void tooLateFor(WindowSize window, long events) {
    for (long i = 0; i < events; i++) {
      tooLateFor(window);
    }
  }
}
