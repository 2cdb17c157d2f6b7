package dev.allegro.system.scheduling;

import dev.allegro.system.AllegroProperties;
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
 * Runs every {@link PeriodicTask} bean whose role this node has: a task that runs once across nodes
 * ticks on wall-clock multiples of its period and runs where it takes its lock (held for 90 % of
 * the period); one that runs on every node ticks at a fixed delay. A tick that fails is logged and
 * the next one comes as planned.
 */
@Component
public class PeriodicTasks implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PeriodicTasks.class);

  private final AllegroProperties allegro;
  private final List<PeriodicTask> tasks;
  private final ClusterLock lock;
  private final Clock clock;
  private ScheduledExecutorService executor;

  PeriodicTasks(
      AllegroProperties allegro, List<PeriodicTask> tasks, ClusterLock lock, Clock clock) {
    this.allegro = allegro;
    this.tasks = tasks;
    this.lock = lock;
    this.clock = clock;
  }

  /** The tasks this node runs. */
  public List<PeriodicTask> here() {
    return tasks.stream().filter(task -> allegro.runs(task.schedule().role())).toList();
  }

  @Override
  public synchronized void start() {
    var mine = here();
    executor =
        Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().name("allegro-periodic-", 1).daemon().factory());
    for (PeriodicTask task : mine) {
      var schedule = task.schedule();
      long period = schedule.period().toMillis();
      switch (schedule.scope()) {
        case ONCE_ACROSS_NODES -> {
          long delay = schedule.runsAtStart() ? 0 : period - clock.millis() % period;
          executor.scheduleAtFixedRate(() -> tick(task), delay, period, TimeUnit.MILLISECONDS);
        }
        case EVERY_NODE -> {
          long delay = schedule.runsAtStart() ? 0 : period;
          executor.scheduleWithFixedDelay(() -> tick(task), delay, period, TimeUnit.MILLISECONDS);
        }
      }
    }
    if (!mine.isEmpty()) {
      log.info(
          "Periodic tasks on this node: {}",
          mine.stream().map(task -> task.schedule().name()).toList());
    }
  }

  /**
   * One tick of {@code task}.
   *
   * @return whether it ran here (a task that runs once across nodes may have run elsewhere)
   */
  public boolean tick(PeriodicTask task) {
    var schedule = task.schedule();
    try {
      return switch (schedule.scope()) {
        case ONCE_ACROSS_NODES ->
            lock.runExclusively(
                schedule.name(), schedule.period().multipliedBy(9).dividedBy(10), task);
        case EVERY_NODE -> {
          task.run();
          yield true;
        }
      };
    } catch (RuntimeException e) {
      log.error("Periodic task {} failed; it runs again at its next tick", schedule.name(), e);
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
    return !allegro.roles().isEmpty();
  }
}
