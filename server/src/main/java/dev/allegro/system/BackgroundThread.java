package dev.allegro.system;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A long-running loop on a named thread of its own (or on several, each running the loop), started
 * and stopped with the application context. Stopping asks the loop to end ({@link
 * #stopRequested()}), interrupts it when it holds nothing that would be lost, and waits for it at
 * most a bound, so a loop that hangs never holds up shutdown for ever.
 */
public abstract class BackgroundThread implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BackgroundThread.class);

  /** What stopping does to the loop. */
  public enum OnStop {
    /**
     * Let the loop finish what it holds (it ends once {@link #stopRequested()} and its work is
     * done); the thread is not a daemon, so the JVM waits for it.
     */
    DRAIN,
    /** Interrupt the loop: whatever it holds is safe elsewhere. The thread is a daemon. */
    INTERRUPT
  }

  private final String name;
  private final int threads;
  private final int phase;
  private final Duration joinBound;
  private final OnStop onStop;
  private volatile boolean running;
  private List<Thread> started = List.of();

  /**
   * @param phase the {@link SmartLifecycle} phase: later phases start later and stop earlier
   * @param joinBound how long {@link #stop()} waits for the loop to end
   */
  protected BackgroundThread(String name, int phase, Duration joinBound, OnStop onStop) {
    this(name, 1, phase, joinBound, onStop);
  }

  /**
   * @param threads how many threads run the loop at once, named {@code name-1} and on
   */
  protected BackgroundThread(
      String name, int threads, int phase, Duration joinBound, OnStop onStop) {
    this.name = name;
    this.threads = threads;
    this.phase = phase;
    this.joinBound = joinBound;
    this.onStop = onStop;
  }

  /** The loop; it returns once {@link #stopRequested()} (and, to drain, its work is done). */
  protected abstract void loop();

  /** Whether this node runs the loop at all; checked once, at start. */
  protected boolean enabled() {
    return true;
  }

  protected final boolean stopRequested() {
    return !running;
  }

  @Override
  public final synchronized void start() {
    if (!started.isEmpty() || !enabled()) {
      return;
    }
    running = true;
    var builder = Thread.ofPlatform().daemon(onStop == OnStop.INTERRUPT);
    started =
        IntStream.rangeClosed(1, threads)
            .mapToObj(i -> builder.name(threads == 1 ? name : name + "-" + i).start(this::loop))
            .toList();
  }

  @Override
  public final void stop() {
    List<Thread> stopping;
    synchronized (this) {
      running = false;
      stopping = started;
      started = List.of();
    }
    if (onStop == OnStop.INTERRUPT) {
      stopping.forEach(Thread::interrupt);
    }
    long deadline = System.nanoTime() + joinBound.toNanos();
    try {
      for (Thread thread : stopping) {
        if (!thread.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          log.warn("{} did not stop within {}; leaving it", thread.getName(), joinBound);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public final boolean isRunning() {
    return running;
  }

  @Override
  public final int getPhase() {
    return phase;
  }
}
