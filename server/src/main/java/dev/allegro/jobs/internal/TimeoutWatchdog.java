package dev.allegro.jobs.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Interrupts attempts that run past their timeout and reports the ones that ignore it. One thread
 * looks at the running attempts every {@link #SWEEP} rather than keeping an alarm per attempt:
 * starting and ending an attempt then wakes no other thread, and a timeout (whole seconds) strikes
 * at most one sweep late.
 */
@Component
class TimeoutWatchdog implements SmartLifecycle {

  static final Duration SWEEP = Duration.ofMillis(50);

  /** What the watchdog tells when an attempt ignored its interrupt until {@code stuckAfter}. */
  interface StuckListener {
    void stuck(Thread worker);
  }

  private final Set<Attempt> running = ConcurrentHashMap.newKeySet();
  private volatile Thread thread;

  /**
   * Watches the attempt running on the current thread: interrupted once at {@code timeout}, and
   * reported to {@code listener} if still running {@code stuckAfter} later. End it with {@link
   * Attempt#end()}.
   */
  Attempt watch(Duration timeout, Duration stuckAfter, StuckListener listener) {
    var attempt = new Attempt(this, Thread.currentThread(), timeout, stuckAfter, listener);
    running.add(attempt);
    return attempt;
  }

  private void sweep() {
    while (thread == Thread.currentThread()) {
      LockSupport.parkNanos(this, SWEEP.toNanos());
      long now = System.nanoTime();
      for (Attempt attempt : running) {
        attempt.check(now);
      }
    }
  }

  @Override
  public synchronized void start() {
    if (thread == null) {
      thread = Thread.ofPlatform().name("horizon-job-timeouts").daemon().unstarted(this::sweep);
      thread.start();
    }
  }

  @Override
  public synchronized void stop() {
    Thread watching = thread;
    thread = null;
    LockSupport.unpark(watching);
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Stops after the supervisors (a higher phase stops first), whose attempts it watches. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 200;
  }

  /** One attempt as the watchdog sees it: interrupted once at its timeout, unless it ended. */
  static final class Attempt {

    private final TimeoutWatchdog watchdog;
    private final Thread thread;
    private final long timesOutAt;
    private final long stuckAt;
    private final StuckListener listener;
    private boolean ended;
    private boolean expired;
    private boolean reportedStuck;

    private Attempt(
        TimeoutWatchdog watchdog,
        Thread thread,
        Duration timeout,
        Duration stuckAfter,
        StuckListener listener) {
      this.watchdog = watchdog;
      this.thread = thread;
      this.timesOutAt = System.nanoTime() + timeout.toNanos();
      this.stuckAt = timesOutAt + stuckAfter.toNanos();
      this.listener = listener;
    }

    private synchronized void check(long nowNanos) {
      if (ended) {
        return;
      }
      if (!expired && nowNanos - timesOutAt >= 0) {
        expired = true;
        thread.interrupt();
      }
      if (expired && !reportedStuck && nowNanos - stuckAt >= 0) {
        reportedStuck = true;
        listener.stuck(thread);
      }
    }

    /**
     * Stops watching.
     *
     * @return whether the attempt had run past its timeout (and was interrupted)
     */
    boolean end() {
      boolean timedOut;
      synchronized (this) {
        ended = true;
        timedOut = expired;
      }
      watchdog.running.remove(this);
      return timedOut;
    }
  }
}
