package dev.allegro.health.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Reads that must answer within a bound even when a backing service hangs rather than refuses: the
 * read runs on a virtual thread of its own, and the caller waits for it at most the time left.
 */
final class Deadline {

  private final long endNanos;

  private Deadline(long endNanos) {
    this.endNanos = endNanos;
  }

  static Deadline in(Duration bound) {
    return new Deadline(System.nanoTime() + bound.toNanos());
  }

  /** The read's result, or empty when it failed or the time ran out. */
  <T> Optional<T> read(Supplier<T> read) {
    var result =
        CompletableFuture.supplyAsync(
            read, runnable -> Thread.ofVirtual().name("health-read").start(runnable));
    try {
      long left = Math.max(0, endNanos - System.nanoTime());
      return Optional.ofNullable(result.get(left, TimeUnit.NANOSECONDS));
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
