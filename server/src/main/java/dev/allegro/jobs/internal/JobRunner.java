package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs one attempt on the worker's own thread (no hand-off between threads per job). A watchdog
 * interrupts the attempt at its timeout; if the handler ignores the interrupt until its lease has
 * expired too (the lease margin later), the supervisor is told, and replaces the worker as
 * Laravel's supervisor replaces a worker process it had to kill. The job itself runs again
 * elsewhere.
 */
final class JobRunner {

  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private JobRunner() {}

  static Outcome run(
      JobHandler<?> handler,
      JsonNode data,
      Duration timeout,
      Duration stuckAfter,
      Worker.Control control) {
    long started = System.nanoTime();
    var attempt = new Attempt(Thread.currentThread(), stuckAfter, control);
    ScheduledFuture<?> alarm =
        timeout.isZero() || timeout.isNegative()
            ? null
            : WATCHDOG.schedule(attempt, timeout.toNanos(), TimeUnit.NANOSECONDS);
    Throwable thrown = null;
    try {
      HandlerRegistry.invoke(handler, data);
    } catch (Throwable e) {
      thrown = e;
    }
    boolean timedOut = attempt.end();
    if (alarm != null) {
      alarm.cancel(false);
    }
    boolean abandoned = thrown != null && control.abandoning();
    if (timedOut || abandoned) {
      // The interrupt was ours or the supervisor's: clear it, so that settling the job can run.
      Thread.interrupted();
    }
    long runtime = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (timedOut) {
      return new Outcome.TimedOut(new JobTimeoutException(handler.type(), timeout), runtime);
    }
    if (abandoned) {
      return new Outcome.Abandoned(runtime);
    }
    return thrown == null ? new Outcome.Completed(runtime) : new Outcome.Threw(thrown, runtime);
  }

  /** One attempt as the watchdog sees it: interrupted once at its timeout, unless it ended. */
  private static final class Attempt implements Runnable {

    private final Thread thread;
    private final Duration stuckAfter;
    private final Worker.Control control;
    private boolean ended;
    private boolean expired;

    Attempt(Thread thread, Duration stuckAfter, Worker.Control control) {
      this.thread = thread;
      this.stuckAfter = stuckAfter;
      this.control = control;
    }

    @Override
    public synchronized void run() {
      if (ended) {
        return;
      }
      expired = true;
      thread.interrupt();
      WATCHDOG.schedule(this::checkStuck, stuckAfter.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void checkStuck() {
      if (!ended) {
        control.stuck(thread);
      }
    }

    /**
     * @return whether the attempt had run past its timeout
     */
    synchronized boolean end() {
      ended = true;
      return expired;
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    var executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("horizon-job-timeouts").daemon().factory());
    executor.setRemoveOnCancelPolicy(true); // one alarm per job, nearly all cancelled
    return executor;
  }
}
