package dev.allegro.jobs.internal;

import dev.allegro.jobs.WorkerStatus;
import dev.allegro.jobs.internal.RedisQueue.Reserved;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker: takes the next job in strict queue order and runs it; when every queue is empty,
 * blocks on all their notify lists at once (one BLPOP), so a pushed job starts within milliseconds.
 */
final class Worker implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final long BLOCK_MILLIS = 1_000;

  /** What the supervisor tells its workers. */
  interface Control {
    boolean paused();

    boolean stopping();

    /** The node stopped waiting for in-flight jobs: what is interrupted now goes back uncounted. */
    boolean abandoning();

    /** The job on {@code worker} ignored its timeout's interrupt and holds the worker. */
    void stuck(Thread worker);
  }

  private final String name;
  private final List<String> queues;
  private final RedisQueue queue;
  private final JobProcessor processor;
  private final Wakeup wakeup;
  private final Control control;
  private volatile boolean retired;
  private volatile String status = "idle";
  private volatile String currentJob;

  Worker(
      String name,
      List<String> queues,
      RedisQueue queue,
      JobProcessor processor,
      Wakeup wakeup,
      Control control) {
    this.name = name;
    this.queues = List.copyOf(queues);
    this.queue = queue;
    this.processor = processor;
    this.wakeup = wakeup;
    this.control = control;
  }

  @Override
  public void run() {
    while (!control.stopping() && !retired) {
      try {
        if (control.paused()) {
          status = "paused";
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
          continue;
        }
        Reserved job = queue.pop(queues); // strict priority: the first queue that has a job
        if (job == null) {
          status = "idle";
          wakeup.await(queues, BLOCK_MILLIS);
          continue;
        }
        status = "busy";
        while (job != null) {
          currentJob = jobId(job);
          // the next job is taken in the same round trip that settles this one, unless told to
          // stop
          job = processor.process(job, takesMore() ? queues : List.of(), control);
        }
      } catch (RuntimeException e) {
        if (control.stopping() || retired) {
          break;
        }
        log.error("Worker {} hit an error between jobs; continuing in a second", name, e);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      } finally {
        currentJob = null;
      }
    }
    status = "stopped";
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

  WorkerStatus status() {
    return new WorkerStatus(name, queues, status, currentJob);
  }

  private static String jobId(Reserved job) {
    int at = job.reserved().indexOf("\"uuid\":\"");
    return at < 0 ? null : job.reserved().substring(at + 8, at + 44);
  }
}
