package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobHandler;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Runs one attempt on the worker's own thread (no hand-off between threads per job). The {@link
 * TimeoutWatchdog} interrupts it at its timeout; if the handler ignores the interrupt until its
 * lease has expired too (the lease margin later), the worker's supervisor is told, and replaces the
 * worker as Laravel's supervisor replaces a worker process it had to kill. The job itself runs
 * again elsewhere.
 */
@Component
class JobRunner {

  private final TimeoutWatchdog watchdog;

  JobRunner(TimeoutWatchdog watchdog) {
    this.watchdog = watchdog;
  }

  Outcome run(
      JobHandler<?> handler,
      JsonNode data,
      Duration timeout,
      Duration stuckAfter,
      Worker.Control control) {
    long started = System.nanoTime();
    var attempt = timeout.isPositive() ? watchdog.watch(timeout, stuckAfter, control::stuck) : null;
    Throwable thrown = null;
    try {
      HandlerRegistry.invoke(handler, data);
    } catch (Throwable e) {
      thrown = e;
    }
    boolean timedOut = attempt != null && attempt.end();
    boolean abandoned = thrown != null && control.abandoning();
    if (timedOut || abandoned) {
      // The interrupt was ours or the supervisor's: clear it, so that settling the job can run.
      Thread.interrupted();
    }
    Duration runtime = Duration.ofNanos(System.nanoTime() - started);
    if (timedOut) {
      return new Outcome.TimedOut(new JobTimeoutException(handler.type(), timeout), runtime);
    }
    if (abandoned) {
      return new Outcome.Abandoned(runtime);
    }
    return thrown == null ? new Outcome.Completed(runtime) : new Outcome.Threw(thrown, runtime);
  }
}
