package dev.allegro.jobs.internal;

import dev.allegro.jobs.HorizonTerminated;
import dev.allegro.jobs.SupervisorRecord;
import dev.allegro.jobs.SupervisorStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Horizon's supervisor: starts its workers, then runs one loop of named steps every {@link #TICK},
 * as Horizon's {@code Supervisor::loop()} does: follow the control flags, move due and expired jobs
 * back to their queues, balance the workers over the queues, publish its record and the node's
 * metrics counts. A step that fails is logged and the loop goes on. On shutdown, in-flight jobs may
 * finish within the drain timeout; the rest are given back. Made by {@link SupervisorFactory}; the
 * node's own starts by itself on nodes with the worker role.
 */
public class Supervisor implements SmartLifecycle, Worker.Control {

  static final Duration TICK = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  private final SupervisorFactory.Parts parts;
  private final JobsProperties.Supervisor settings;
  private final String name;
  private final boolean autoStartup;
  private final ControlFlags flags;
  private final Every balance;
  private final Every publish = new Every(Duration.ofSeconds(1));
  private volatile boolean running;
  private volatile boolean stopping;
  private volatile boolean abandoning;
  private volatile Thread loop;
  private volatile WorkerPool pool;

  Supervisor(
      SupervisorFactory.Parts parts,
      JobsProperties.Supervisor settings,
      String name,
      boolean autoStartup) {
    this.parts = parts;
    this.settings = settings;
    this.name = name;
    this.autoStartup = autoStartup;
    this.flags = new ControlFlags(parts.redis(), parts.keys());
    this.balance = new Every(settings.balanceCooldown());
    parts.invalidation().onInvalidate(SupervisorFactory.CONTROL, this::controlChanged);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    stopping = false;
    abandoning = false;
    running = true;
    flags.init();
    if (parts.redisConnection()) {
      startWorkers();
    } else {
      log.warn(
          "\n*****\n* QUEUE_CONNECTION is not 'redis': the supervisor starts NO workers and jobs"
              + " accumulate unprocessed. Set QUEUE_CONNECTION=redis.\n*****");
    }
    var looping = Thread.ofPlatform().name("horizon-" + name).daemon().unstarted(this::loop);
    loop = looping; // before it starts: the loop runs while it is the supervisor's loop
    looping.start();
    log.info(
        "Supervisor {} started {} workers ({} balance) on {}",
        name,
        workerCount(),
        balanceName(),
        settings.queue());
  }

  private void startWorkers() {
    var initial = Balancer.initial(settings);
    var groups = new ArrayList<>(initial);
    if (settings.balance() == JobsProperties.Balance.AUTO) {
      settings.queue().forEach(q -> groups.add(List.of(q)));
    }
    var wakeup = new Wakeup(parts.connections(), parts.keys(), groups, parts.cluster(), this);
    pool = new WorkerPool(name, parts.processor(), wakeup, this, parts.clock());
    initial.forEach(pool::start);
  }

  /** The loop's steps, each on its own: one that throws never stops the others. */
  private void loop() {
    while (loop == Thread.currentThread()) {
      long now = System.nanoTime();
      step("follow control", this::followControl);
      if (pool != null) {
        step("migrate jobs", this::migrate);
        if (settings.balance() == JobsProperties.Balance.AUTO && balance.due(now)) {
          step("auto balance", this::autoBalance);
        }
      }
      if (publish.due(now)) {
        step("publish record", this::publishRecord);
        step("publish metrics", parts.counters()::flush);
      }
      LockSupport.parkNanos(this, TICK.toNanos());
    }
  }

  /**
   * Under the lock that draining takes, and not once it began: a record published after the drain
   * removed it would show the supervisor running until it expired.
   */
  private synchronized void publishRecord() {
    if (!stopping) {
      parts.records().publish(status());
    }
  }

  private void step(String step, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      if (!stopping) {
        log.warn("Supervisor {}: {} failed; it runs again at the next tick", name, step, e);
      }
    }
  }

  /** A pause, continue or terminate was broadcast: follow it now rather than at the next tick. */
  private void controlChanged() {
    LockSupport.unpark(loop);
  }

  private void followControl() {
    var change = flags.refresh();
    var workers = pool;
    if (change.resumed() && workers != null) {
      workers.wake();
    }
    if (change.terminate()) {
      log.warn("horizon:terminate received: supervisor {} drains and stops", name);
      Thread.ofPlatform().name("horizon-terminate").start(this::terminate);
    }
  }

  private void migrate() {
    for (String queue : settings.queue()) {
      parts.queue().migrateExpired(queue);
    }
  }

  private synchronized void autoBalance() {
    var workers = pool;
    if (workers == null) {
      return;
    }
    var backlog = new HashMap<String, Long>();
    settings.queue().forEach(q -> backlog.put(q, parts.queue().size(q).ready()));
    workers.resize(Balancer.autoTarget(settings, backlog, workers.perQueue()));
  }

  private void terminate() {
    drain(parts.drainTimeout());
    parts.events().publishEvent(new HorizonTerminated(name));
  }

  @Override
  public void stop() {
    drain(parts.drainTimeout());
  }

  /** Stops taking jobs, waits up to {@code bound} for in-flight ones, then gives the rest back. */
  public synchronized void drain(Duration bound) {
    if (!running) {
      return;
    }
    stopping = true;
    long deadline = System.nanoTime() + bound.toNanos();
    if (pool != null) {
      // what is still running after the deadline is interrupted and given back uncounted
      pool.stop(deadline, () -> abandoning = true);
      pool = null;
    }
    Thread looping = loop;
    loop = null;
    LockSupport.unpark(looping);
    step("publish metrics", parts.counters()::flush);
    try {
      parts.records().remove(status());
    } catch (RuntimeException e) {
      log.warn("Could not remove the record of supervisor {}; it expires", name, e);
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  /** Stops before the Redis and database connections it needs (they stop in lower phases). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }

  @Override
  public boolean paused() {
    return flags.paused();
  }

  @Override
  public Set<String> pausedQueues() {
    return flags.pausedQueues();
  }

  @Override
  public boolean stopping() {
    return stopping;
  }

  @Override
  public boolean abandoning() {
    return abandoning;
  }

  /** Retires the worker whose job ignores its timeout and starts another on the same queues. */
  @Override
  public synchronized void stuck(Thread thread) {
    var workers = pool;
    if (stopping || workers == null) {
      return;
    }
    workers
        .on(thread)
        .ifPresent(
            worker -> {
              log.error(
                  "Worker {} is stuck in a job that ignores its timeout; a new worker takes its"
                      + " place (the job runs again when its lease expires)",
                  worker.record().name());
              workers.retire(worker);
              workers.start(worker.queues());
            });
  }

  public SupervisorRecord status() {
    SupervisorStatus status;
    if (!parts.redisConnection()) {
      status = SupervisorStatus.NO_WORKERS;
    } else {
      status = paused() ? SupervisorStatus.PAUSED : SupervisorStatus.RUNNING;
    }
    var workers = pool;
    return new SupervisorRecord(
        name,
        parts.host(),
        ProcessHandle.current().pid(),
        status,
        balanceName(),
        settings.queue(),
        workers == null ? List.of() : workers.active().stream().map(Worker::record).toList(),
        parts.clock().instant());
  }

  private int workerCount() {
    var workers = pool;
    return workers == null ? 0 : workers.active().size();
  }

  private String balanceName() {
    return settings.balance().name().toLowerCase(Locale.ROOT);
  }
}
