package dev.allegro.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Drains one of the tenant's queues with the recommended pattern of Allegro's event queue:
 *
 * <pre>
 * loop:
 *     GET    {path}?limit=L[&amp;wait=S]                  (non-destructive)
 *     if count == 0 → sleep with backoff, continue   (no sleep after a long poll)
 *     handler(batch)                                 (throws → no DELETE, same batch again)
 *     DELETE {path}?count=N&amp;last_id=ID               (N and ID from this batch)
 * </pre>
 *
 * <p>Deleting exactly {@code N} leaves the items that arrived between GET and DELETE in place, and
 * {@code last_id} makes the server refuse (409) when the {@code N}-th item from the front is no
 * longer this batch's last one, so a retried or late DELETE never removes unread items. A 409 is
 * reported as {@link PollResult.Conflict} and the loop simply reads the front again. Delivery is at
 * least once.
 *
 * <p>{@link #start()} runs the loop on its own thread; {@link #run()} runs it on the caller's.
 * {@link #close()} stops it: a pending GET or pause is interrupted at once, a running handler and
 * its DELETE are allowed to finish, and {@code close()} returns when the loop has ended. A consumer
 * runs once; it is not restartable.
 *
 * @param <T> the item type
 */
public abstract sealed class QueueConsumer<T> implements Runnable, AutoCloseable
    permits EventQueueConsumer, HeartbeatQueueConsumer {

  private static final System.Logger LOG = System.getLogger(QueueConsumer.class.getName());

  private final QueueKind<T> kind;
  private final QueueRequests<T> requests;
  private final BatchHandler<T> handler;
  private final Duration wait;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RandomGenerator random;
  private final Consumer<PollResult> listener;
  private final ThreadFactory threadFactory;

  private final Object lifecycle = new Object();
  private Thread runner;
  private boolean interruptible;
  private volatile boolean stopping;
  private volatile boolean finished;
  private int quietStreak;

  QueueConsumer(QueueConsumerBuilder<T, ?> builder, QueueKind<T> kind) {
    this.kind = kind;
    this.requests = new QueueRequests<>(builder, kind);
    this.handler = Objects.requireNonNull(builder.handler, "handler is required");
    this.wait = builder.wait;
    this.backoff = builder.backoff;
    this.sleeper = builder.sleeper;
    this.clock = builder.clock;
    this.random = builder.random;
    this.listener = builder.listener;
    this.threadFactory =
        builder.threadFactory != null
            ? builder.threadFactory
            : Thread.ofPlatform().name("allegro-" + kind.name() + "-consumer").daemon().factory();
  }

  /**
   * Starts the loop on a new thread (from the builder's thread factory).
   *
   * @return this consumer
   * @throws IllegalStateException when it was started before
   */
  public QueueConsumer<T> start() {
    Thread thread = threadFactory.newThread(this);
    claim(thread);
    thread.start();
    return this;
  }

  /**
   * Runs the loop on the calling thread until {@link #stop()} or {@link #close()} is called or the
   * thread is interrupted.
   *
   * @throws IllegalStateException when the consumer already runs or ran
   */
  @Override
  public void run() {
    if (runner != Thread.currentThread()) {
      claim(Thread.currentThread());
    }
    try {
      while (!stopping) {
        PollResult result;
        try {
          result = poll();
        } catch (InterruptedException e) {
          break;
        }
        report(result);
        if (result instanceof PollResult.Stopped) {
          break;
        }
        if (!pause(result)) {
          break;
        }
      }
    } finally {
      synchronized (lifecycle) {
        interruptible = false;
        finished = true;
        lifecycle.notifyAll();
      }
      if (stopping) {
        Thread.interrupted(); // an interrupt of ours that arrived late; the loop is over anyway
      }
    }
  }

  /**
   * One round of the loop without any pause: GET, handler, DELETE. Useful to drive a consumer from
   * an existing scheduler instead of {@link #start()}; never call it while the loop runs.
   *
   * @return what happened
   * @throws InterruptedException when the thread is interrupted during the GET
   */
  public PollResult poll() throws InterruptedException {
    QueueRequests.Batch<T> batch;
    long startedAt = clock.millis();
    enterInterruptible();
    try {
      batch = requests.fetch();
    } catch (IOException | RuntimeException e) {
      return new PollResult.Failed(PollResult.Step.GET, e);
    } finally {
      leaveInterruptible();
    }
    if (stopping) {
      return new PollResult.Stopped();
    }
    List<T> items = batch.items();
    if (items.isEmpty()) {
      boolean held = !wait.isZero() && clock.millis() - startedAt >= wait.toMillis() / 2;
      return new PollResult.Empty(held);
    }
    try {
      handler.handle(items);
    } catch (Exception e) {
      return new PollResult.HandlerFailed(items.size(), e);
    }
    return requests.delete(items.size(), batch.lastId(), () -> stopping);
  }

  /** Asks the loop to stop without waiting; see {@link #close()}. */
  public void stop() {
    synchronized (lifecycle) {
      stopping = true;
      if (interruptible && runner != null) {
        runner.interrupt();
      }
      lifecycle.notifyAll();
    }
  }

  /**
   * Waits for the loop to end after {@link #stop()}.
   *
   * @return {@code true} when it ended (or never started) within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lifecycle) {
      while (runner != null && !finished) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lifecycle.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Stops the loop and waits until it has ended: a GET or pause in progress is cut short, a handler
   * in progress finishes and its batch is deleted. If the calling thread is interrupted while
   * waiting, it returns early with the interrupt flag set.
   */
  @Override
  public void close() {
    stop();
    if (runner == Thread.currentThread()) {
      return; // called from the handler: the loop ends after this round
    }
    try {
      awaitTermination(Duration.ofDays(365));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code true} once the loop has ended. */
  public boolean isFinished() {
    return finished;
  }

  private void claim(Thread thread) {
    synchronized (lifecycle) {
      if (runner != null) {
        throw new IllegalStateException("this consumer was already started; build a new one");
      }
      runner = thread;
    }
  }

  /** Sleeps as the result asks; returns {@code false} when the loop must end. */
  private boolean pause(PollResult result) {
    Duration delay =
        switch (result) {
          case PollResult.Handled handled -> quiet(false);
          case PollResult.Empty empty -> empty.longPolled() ? quiet(false) : quiet(true);
          // The first conflict re-reads at once; a run of them backs off.
          case PollResult.Conflict conflict -> quiet(true);
          case PollResult.HandlerFailed failed -> quiet(true);
          case PollResult.Failed failed -> quiet(true);
          case PollResult.Stopped stopped -> Duration.ZERO;
        };
    if (result instanceof PollResult.Conflict && quietStreak == 1) {
      delay = Duration.ZERO;
    }
    if (delay.isZero()) {
      return !stopping;
    }
    try {
      enterInterruptible();
      sleeper.sleep(delay);
      return !stopping;
    } catch (InterruptedException e) {
      return false;
    } finally {
      leaveInterruptible();
    }
  }

  private Duration quiet(boolean quiet) {
    if (!quiet) {
      quietStreak = 0;
      return Duration.ZERO;
    }
    return backoff.delay(quietStreak++, random);
  }

  /** From here on {@link #stop()} may interrupt this thread (a GET or a pause). */
  private void enterInterruptible() throws InterruptedException {
    synchronized (lifecycle) {
      if (stopping) {
        throw new InterruptedException("consumer is stopping");
      }
      interruptible = true;
    }
  }

  /** From here on {@link #stop()} lets the handler and the DELETE finish. */
  private void leaveInterruptible() {
    synchronized (lifecycle) {
      interruptible = false;
    }
  }

  private void report(PollResult result) {
    switch (result) {
      case PollResult.HandlerFailed failed ->
          LOG.log(
              Level.WARNING,
              "Handler failed on a batch of " + failed.count() + " " + kind.name(),
              failed.cause());
      case PollResult.Failed failed ->
          LOG.log(Level.WARNING, failed.step() + " " + kind.path() + " failed", failed.cause());
      case PollResult.Conflict conflict ->
          LOG.log(Level.INFO, "{0} front changed before DELETE: {1}", kind, conflict.message());
      default -> {}
    }
    try {
      listener.accept(result);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Poll listener threw", e);
    }
  }
}
