package io.multiai.gateway.router.batch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * At most {@code permits} tasks running at once; the others wait their turn in arrival order, holding no
 * thread. A non-blocking semaphore for Monos: the consumer's own bound is loose (one poll can fetch a whole
 * batch of records above it), this one is exact.
 */
final class Lane {

  private final int permits;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int active;

  Lane(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("a lane needs at least one permit");
    }
    this.permits = permits;
  }

  synchronized int active() {
    return active;
  }

  <T> Mono<T> run(Supplier<Mono<T>> task) {
    return Mono.defer(() -> {
      java.util.concurrent.atomic.AtomicBoolean acquired = new java.util.concurrent.atomic.AtomicBoolean();
      return Mono.<Void>create(sink -> {
        Runnable start = () -> {
          acquired.set(true);
          sink.success();
        };
        boolean now;
        synchronized (this) {
          now = active < permits;
          if (now) {
            active++;
          } else {
            waiting.add(start);
          }
        }
        if (now) {
          start.run();
        } else {
          sink.onCancel(() -> {
            synchronized (this) {
              waiting.remove(start); // a waiter that left takes no permit
            }
          });
        }
      }).then(Mono.defer(task)).doFinally(signal -> {
        if (acquired.get()) {
          release();
        }
      });
    });
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        active--;
      }
    }
    if (next != null) {
      // The permit passes on; the next task starts on its own thread, not on the one that finished (it
      // may be the producer's network thread, which must never wait for anything).
      reactor.core.scheduler.Schedulers.parallel().schedule(next);
    }
  }
}
