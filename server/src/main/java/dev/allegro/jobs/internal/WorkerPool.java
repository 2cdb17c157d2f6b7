package dev.allegro.jobs.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A supervisor's worker threads (and its wake-up listener). Retired workers leave the active list
 * but keep their thread here, so that stopping still waits for their last job.
 */
final class WorkerPool {

  private record Running(Worker worker, Thread thread) {}

  private final String supervisor;
  private final JobProcessor processor;
  private final Wakeup wakeup;
  private final Worker.Control control;
  private final List<Worker> active = new CopyOnWriteArrayList<>();
  private final List<Running> threads = new CopyOnWriteArrayList<>();
  private int started;

  private final Clock clock;

  WorkerPool(
      String supervisor,
      JobProcessor processor,
      Wakeup wakeup,
      Worker.Control control,
      Clock clock) {
    this.clock = clock;
    this.supervisor = supervisor;
    this.processor = processor;
    this.wakeup = wakeup;
    this.control = control;
    wakeup.start(supervisor);
    wakeup.threads().forEach(listener -> threads.add(new Running(null, listener)));
  }

  synchronized void start(List<String> queues) {
    started++;
    var worker = new Worker(supervisor + ":" + started, queues, processor, wakeup, control, clock);
    active.add(worker);
    threads.add(
        new Running(worker, Thread.ofVirtual().name("horizon-worker-" + started).start(worker)));
  }

  /** Asks {@code worker} to stop after its current job. */
  void retire(Worker worker) {
    worker.retire();
    active.remove(worker);
  }

  /** Ends the wait of paused workers at once (they look at the pause flag every 200 ms). */
  void wake() {
    threads.forEach(running -> LockSupport.unpark(running.thread()));
  }

  /** How many active workers take each queue first. */
  Map<String, Integer> perQueue() {
    var counts = new HashMap<String, Integer>();
    active.forEach(worker -> counts.merge(worker.queues().getFirst(), 1, Integer::sum));
    return counts;
  }

  /** Starts or retires single-queue workers until each queue in {@code targets} has its number. */
  synchronized void resize(Map<String, Integer> targets) {
    var current = perQueue();
    targets.forEach(
        (queueName, target) -> {
          int have = current.getOrDefault(queueName, 0);
          for (int i = have; i < target; i++) {
            start(List.of(queueName));
          }
          for (int i = target; i < have; i++) {
            active.stream()
                .filter(worker -> worker.queues().getFirst().equals(queueName))
                .findFirst()
                .ifPresent(this::retire);
          }
        });
  }

  List<Worker> active() {
    return List.copyOf(active);
  }

  /** The active worker running on {@code thread}. */
  Optional<Worker> on(Thread thread) {
    return threads.stream()
        .filter(running -> running.thread() == thread && active.contains(running.worker()))
        .map(Running::worker)
        .findFirst();
  }

  /**
   * Waits until {@code deadlineNanos} (System.nanoTime) for every thread to end, then interrupts
   * the rest and gives each a few seconds more.
   *
   * @param beforeInterrupting runs once the deadline passed, before any interrupt
   */
  void stop(long deadlineNanos, Runnable beforeInterrupting) {
    wakeup.release();
    for (Running running : threads) {
      join(running.thread(), deadlineNanos - System.nanoTime());
    }
    beforeInterrupting.run();
    for (Running running : threads) {
      if (running.thread().isAlive()) {
        running.thread().interrupt();
        join(running.thread(), TimeUnit.SECONDS.toNanos(5));
      }
    }
    active.clear();
    threads.clear();
  }

  private static void join(Thread thread, long nanos) {
    try {
      thread.join(Duration.ofNanos(Math.max(1, nanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
