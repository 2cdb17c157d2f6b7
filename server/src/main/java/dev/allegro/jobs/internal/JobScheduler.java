package dev.allegro.jobs.internal;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Role;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The scheduler role: runs each {@link ScheduledTask} on its period, aligned to the wall clock
 * (every five minutes means :00, :05, ...), each tick on one node only through {@link RedisLock}.
 */
@Component
public class JobScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

  private final AllegroProperties allegro;
  private final List<ScheduledTask> tasks;
  private final RedisLock lock;
  private final Clock clock;
  private ScheduledExecutorService executor;

  JobScheduler(AllegroProperties allegro, List<ScheduledTask> tasks, RedisLock lock, Clock clock) {
    this.allegro = allegro;
    this.tasks = tasks;
    this.lock = lock;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("allegro-scheduler").daemon().factory());
    for (ScheduledTask task : tasks) {
      long period = task.period().toMillis();
      long delay = period - clock.millis() % period;
      executor.scheduleAtFixedRate(() -> tick(task), delay, period, TimeUnit.MILLISECONDS);
    }
    log.info("Scheduler started: {}", tasks.stream().map(ScheduledTask::name).toList());
  }

  /** One tick: the task runs here if no other node has this tick already. */
  public boolean tick(ScheduledTask task) {
    try {
      return lock.runExclusively(task.name(), task.period().multipliedBy(9).dividedBy(10), task);
    } catch (RuntimeException e) {
      log.error("Scheduled task {} failed", task.name(), e);
      return false;
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  @Override
  public boolean isAutoStartup() {
    return allegro.runs(Role.SCHEDULER);
  }
}
