package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/** Runs one attempt on a virtual thread of its own, interrupting it at its timeout. */
final class JobRunner {

  private JobRunner() {}

  static Outcome run(JobHandler<?> handler, JsonNode data, Duration timeout) {
    long started = System.nanoTime();
    var done = new CompletableFuture<Void>();
    Thread thread =
        Thread.ofVirtual()
            .name("job-" + handler.type())
            .start(
                () -> {
                  try {
                    HandlerRegistry.invoke(handler, data);
                    done.complete(null);
                  } catch (Throwable e) {
                    done.completeExceptionally(e);
                  }
                });
    try {
      if (timeout.isZero() || timeout.isNegative()) {
        done.get();
      } else {
        done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      return new Outcome.Completed(elapsed(started));
    } catch (ExecutionException e) {
      return new Outcome.Threw(e.getCause(), elapsed(started));
    } catch (TimeoutException e) {
      thread.interrupt();
      return new Outcome.TimedOut(
          new JobTimeoutException(handler.type(), timeout), elapsed(started));
    } catch (InterruptedException e) {
      // The node is stopping; the worker gives the job back and then exits. Its interrupt flag is
      // left clear so that the Redis calls that give the job back can run.
      thread.interrupt();
      return new Outcome.Abandoned(elapsed(started));
    }
  }

  private static long elapsed(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }
}
