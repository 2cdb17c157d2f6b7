package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobHandler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * Runs one attempt on the worker's own thread (no hand-off between threads per job). A watchdog
 * interrupts the attempt at its timeout; if the handler ignores the interrupt until its lease has
 * expired too (the lease margin later), the supervisor is told, and replaces the worker as
 * Laravel's supervisor replaces a worker process it had to kill. The job itself runs again
 * elsewhere.
 *
 * <p>The watchdog looks at the running attempts every {@link #SWEEP} rather than keeping an alarm
 * per attempt: starting and ending an attempt then wakes no other thread, and a timeout (whole
 * seconds) fires at most one sweep late.
 */
final class JobRunner {

  static final Duration SWEEP = Duration.ofMillis(50);

  private static final Set<Attempt> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Thread.ofPlatform().name("horizon-job-timeouts").daemon().start(JobRunner::watch);
  }

  private JobRunner() {}

  static Outcome run(
      JobHandler<?> handler,
      JsonNode data,
      Duration timeout,
      Duration stuckAfter,
      Worker.Control control) {
    long started = System.nanoTime();
    var attempt = new Attempt(Thread.currentThread(), started, timeout, stuckAfter, control);
    boolean watched = timeout.isPositive();
    if (watched) {
      RUNNING.add(attempt);
    }
    Throwable thrown = null;
    try {
      HandlerRegistry.invoke(handler, data);
    } catch (Throwable e) {
      thrown = e;
    }
    boolean timedOut = attempt.end();
    if (watched) {
      RUNNING.remove(attempt);
    }
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

  private static void watch() {
    while (true) {
      LockSupport.parkNanos(SWEEP.toNanos());
      long now = System.nanoTime();
      for (Attempt attempt : RUNNING) {
        attempt.check(now);
      }
    }
  }

  /** One attempt as the watchdog sees it: interrupted once at its timeout, unless it ended. */
  private static final class Attempt {

    private final Thread thread;
    private final long timesOutAt;
    private final long stuckAt;
    private final Worker.Control control;
    private boolean ended;
    private boolean expired;
    private boolean reportedStuck;

    Attempt(
        Thread thread,
        long startedNanos,
        Duration timeout,
        Duration stuckAfter,
        Worker.Control control) {
      this.thread = thread;
      this.timesOutAt = startedNanos + timeout.toNanos();
      this.stuckAt = timesOutAt + stuckAfter.toNanos();
      this.control = control;
    }

    synchronized void check(long nowNanos) {
      if (ended) {
        return;
      }
      if (!expired && nowNanos - timesOutAt >= 0) {
        expired = true;
        thread.interrupt();
      }
      if (expired && !reportedStuck && nowNanos - stuckAt >= 0) {
        reportedStuck = true;
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
}
