package dev.allegro.jobs.internal;

import dev.allegro.jobs.WorkerRecord;
import dev.allegro.jobs.WorkerStatus;
import dev.allegro.jobs.internal.RedisQueue.Reserved;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker: takes the next job in strict queue order and runs it, taking the following one in the
 * same step that settles it; when every queue is empty it waits for the {@link Wakeup}, which lets
 * it go as soon as a job is pushed to one of its queues (or after a second, to look again).
 */
final class Worker implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final long WAIT_MILLIS = 1_000;

  /** What the supervisor tells its workers. */
  interface Control {
    boolean paused();

    /** The queues paused one by one: a worker takes no job of them. */
    Set<String> pausedQueues();

    boolean stopping();

    /** The node stopped waiting for in-flight jobs: what is interrupted now goes back uncounted. */
    boolean abandoning();

    /** The job on {@code worker} ignored its timeout's interrupt and holds the worker. */
    void stuck(Thread worker);
  }

  private final String name;
  private final List<String> queues;
  private final JobProcessor processor;
  private final Wakeup wakeup;
  private final Control control;
  private volatile boolean retired;
  private volatile WorkerStatus status = WorkerStatus.IDLE;
  private volatile Reserved current;
  private volatile Instant currentSince;
  private final Clock clock;

  Worker(
      String name,
      List<String> queues,
      JobProcessor processor,
      Wakeup wakeup,
      Control control,
      Clock clock) {
    this.name = name;
    this.clock = clock;
    this.queues = List.copyOf(queues);
    this.processor = processor;
    this.wakeup = wakeup;
    this.control = control;
  }

  @Override
  public void run() {
    while (!control.stopping() && !retired) {
      try {
        if (control.paused()) {
          status = WorkerStatus.PAUSED;
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
          continue;
        }
        List<String> open = open();
        // strict priority: the first queue with a job
        Reserved job = open.isEmpty() ? null : processor.take(open);
        if (job == null) {
          status = WorkerStatus.IDLE;
          wakeup.await(queues, WAIT_MILLIS);
          continue;
        }
        status = WorkerStatus.BUSY;
        while (job != null) {
          current = job;
          currentSince = clock.instant();
          job = processor.process(job, takesMore() ? open() : List.of(), control);
        }
      } catch (RuntimeException e) {
        if (control.stopping() || retired) {
          break;
        }
        log.error("Worker {} hit an error between jobs; continuing in a second", name, e);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      } finally {
        current = null;
      }
    }
    status = WorkerStatus.STOPPED;
  }

  /** Its queues less those paused one by one, in priority order. */
  private List<String> open() {
    var paused = control.pausedQueues();
    if (paused.isEmpty()) {
      return queues;
    }
    return queues.stream().filter(q -> !paused.contains(q)).toList();
  }

  private boolean takesMore() {
    return !control.stopping() && !control.paused() && !retired;
  }

  /** Asks this worker to stop after its current job (auto-balancing scales down). */
  void retire() {
    retired = true;
  }

  List<String> queues() {
    return queues;
  }

  /** Its record as of now, with the uuid of the job it runs (read once a second, not per job). */
  WorkerRecord record() {
    Reserved job = current;
    String uuid =
        job == null
            ? null
            : PayloadHeader.read(job.payload()).map(h -> h.uuid().toString()).orElse(null);
    return new WorkerRecord(name, queues, status, uuid, job == null ? null : currentSince);
  }
}
