package dev.allegro.jobs.internal;

import dev.allegro.jobs.HorizonControl;
import dev.allegro.jobs.SupervisorStatus;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.CacheInvalidation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Horizon's supervisor on this node: starts the workers, moves due and expired jobs back to their
 * queues on a timer, publishes heartbeats, follows pause/continue/terminate from Redis, and on
 * shutdown lets in-flight jobs finish within {@code drainTimeout} before giving the rest back.
 * Starts by itself only on nodes with the worker role.
 */
@Component
public class Supervisor implements SmartLifecycle, Worker.Control {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  private final AllegroProperties allegro;
  private final JobsProperties properties;
  private final RedisQueue queue;
  private final JobProcessor processor;
  private final RedisConnectionFactory connections;
  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private final Heartbeats heartbeats;
  private final JobRecords records;
  private final String name;
  private volatile JobsProperties.Supervisor settings;
  private volatile boolean running;
  private volatile boolean stopping;
  private volatile boolean paused;
  private volatile boolean abandoning;
  private volatile String terminateSeen;
  private volatile ScheduledExecutorService timer;
  private volatile WorkerPool pool;

  Supervisor(
      AllegroProperties allegro,
      JobsProperties properties,
      RedisQueue queue,
      JobProcessor processor,
      RedisConnectionFactory connections,
      StringRedisTemplate redis,
      JobKeys keys,
      Heartbeats heartbeats,
      JobRecords records,
      CacheInvalidation invalidation) {
    this.allegro = allegro;
    this.properties = properties;
    this.queue = queue;
    this.processor = processor;
    this.connections = connections;
    this.redis = redis;
    this.keys = keys;
    this.heartbeats = heartbeats;
    this.records = records;
    this.name =
        host()
            + ":"
            + ProcessHandle.current().pid()
            + ":"
            + UUID.randomUUID().toString().substring(0, 4);
    invalidation.onInvalidate(HorizonControl.CONTROL, this::controlChanged);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    settings = properties.supervisorFor(allegro.env());
    stopping = false;
    abandoning = false;
    running = true;
    terminateSeen = redis.opsForValue().get(keys.terminate());
    paused = redis.hasKey(keys.paused());
    timer =
        Executors.newScheduledThreadPool(
            1, Thread.ofPlatform().name("horizon-" + name + "-timer").daemon().factory());
    if (!properties.redisConnection()) {
      log.warn(
          "\n*****\n* QUEUE_CONNECTION is '{}', not 'redis': the supervisor starts NO workers and"
              + " jobs accumulate unprocessed. Set QUEUE_CONNECTION=redis.\n*****",
          properties.connection());
    } else {
      var initial = Balancer.initial(settings);
      var groups = new ArrayList<>(initial);
      if (settings.balance() == JobsProperties.Balance.AUTO) {
        settings.queue().forEach(q -> groups.add(List.of(q)));
      }
      var wakeup = new Wakeup(connections, keys, groups, this);
      pool = new WorkerPool(name, queue, processor, wakeup, this);
      initial.forEach(pool::start);
      every(Duration.ofMillis(100), this::migrate);
      every(Duration.ofSeconds(60), records::trim);
      if (settings.balance() == JobsProperties.Balance.AUTO) {
        every(settings.balanceCooldown(), this::autoBalance);
      }
    }
    every(Duration.ofMillis(500), this::followControl);
    every(Duration.ofSeconds(1), () -> heartbeats.publish(status()));
    log.info(
        "Supervisor {} started {} workers ({} balance) on {}",
        name,
        workers().size(),
        settings.balance().name().toLowerCase(Locale.ROOT),
        settings.queue());
  }

  @Override
  public void stop() {
    drain(properties.drainTimeout());
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
    timer.shutdownNow();
    try {
      heartbeats.remove(status());
    } catch (RuntimeException e) {
      log.warn("Could not remove the heartbeat of supervisor {}; it expires", name, e);
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return allegro.runs(Role.WORKER);
  }

  /** Stops before the Redis and database connections it needs (they stop in lower phases). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }

  @Override
  public boolean paused() {
    return paused;
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
                  worker.status().name());
              workers.retire(worker);
              workers.start(worker.queues());
            });
  }

  public SupervisorStatus status() {
    var s = settings;
    return new SupervisorStatus(
        name,
        host(),
        ProcessHandle.current().pid(),
        !properties.redisConnection() ? "no-workers" : paused ? "paused" : "running",
        s == null ? "" : s.balance().name().toLowerCase(Locale.ROOT),
        s == null ? List.of() : s.queue(),
        workers().stream().map(Worker::status).toList());
  }

  private List<Worker> workers() {
    var workers = pool;
    return workers == null ? List.of() : workers.active();
  }

  private void migrate() {
    for (String name : settings.queue()) {
      queue.migrateExpired(name);
    }
  }

  /** A pause, continue or terminate was broadcast: follow it now rather than at the next tick. */
  private void controlChanged() {
    var scheduler = timer;
    if (!running || scheduler == null) {
      return;
    }
    try {
      scheduler.execute(this::followControl);
    } catch (RejectedExecutionException e) {
      // stopping: nothing to follow any more
    }
  }

  private void followControl() {
    boolean wasPaused = paused;
    paused = redis.hasKey(keys.paused());
    var workers = pool;
    if (wasPaused && !paused && workers != null) {
      workers.wake();
    }
    String terminate = redis.opsForValue().get(keys.terminate());
    if (terminate != null && !terminate.equals(terminateSeen)) {
      terminateSeen = terminate;
      log.warn("horizon:terminate received: supervisor {} drains and stops", name);
      Thread.ofPlatform().name("horizon-terminate").start(this::terminate);
    }
  }

  private void terminate() {
    drain(properties.drainTimeout());
    if (!allegro.runs(Role.WEB) && !allegro.runs(Role.SCHEDULER)) {
      // A worker-only node exits, as `php artisan horizon` does, for its process manager to
      // restart.
      System.exit(0);
    }
  }

  private synchronized void autoBalance() {
    var workers = pool;
    if (workers == null) {
      return;
    }
    var backlog = new HashMap<String, Long>();
    settings.queue().forEach(q -> backlog.put(q, queue.size(q).ready()));
    workers.resize(Balancer.autoTarget(settings, backlog, workers.perQueue()));
  }

  private void every(Duration period, Runnable task) {
    timer.scheduleAtFixedRate(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            if (!stopping) { // on shutdown the timer interrupts what it runs
              log.warn("Supervisor task failed; it runs again shortly", e);
            }
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
