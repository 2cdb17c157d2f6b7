package dev.allegro.system.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Environment;
import dev.allegro.system.AllegroProperties.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Periodic work on several nodes sharing one Redis or one Redis Cluster: the scope and role of each
 * task hold. Run by {@link PeriodicTasksIT} and {@link PeriodicTasksClusterIT}.
 */
abstract class PeriodicTasksContract {

  @Autowired ClusterLock lock;
  @Autowired StringRedisTemplate redis;
  @Autowired AllegroProperties allegro;

  /** A task that counts its runs, and fails when told to. */
  static final class Counting implements PeriodicTask {
    final Schedule schedule;
    final AtomicInteger runs = new AtomicInteger();
    volatile boolean failing;

    Counting(Schedule schedule) {
      this.schedule = schedule;
    }

    @Override
    public Schedule schedule() {
      return schedule;
    }

    @Override
    public void run() {
      runs.incrementAndGet();
      if (failing) {
        throw new IllegalStateException("this tick fails");
      }
    }
  }

  private PeriodicTasks node(Set<Role> roles, PeriodicTask... tasks) {
    var properties =
        new AllegroProperties(
            Environment.LOCAL,
            roles,
            List.of("localhost"),
            List.of(),
            allegro.redisPrefix(),
            false);
    return new PeriodicTasks(properties, List.of(tasks), lock, Clock.systemUTC());
  }

  @Test
  void aTaskThatRunsOnceAcrossNodesRunsOnOneNodePerTick() {
    var task =
        new Counting(
            PeriodicTask.Schedule.onceAcrossNodes("test:once", Duration.ofMinutes(5), Role.WEB));
    var first = node(EnumSet.of(Role.WEB), task);
    var second = node(EnumSet.of(Role.WEB), task);

    boolean ranOnFirst = first.tick(task);
    boolean ranOnSecond = second.tick(task);

    assertThat(ranOnFirst).isTrue();
    assertThat(ranOnSecond).as("the tick's lock is held by the first node").isFalse();
    assertThat(task.runs).hasValue(1);
  }

  @Test
  void aTaskThatRunsOnEveryNodeRunsOnEach() {
    var task =
        new Counting(
            PeriodicTask.Schedule.onEveryNode("test:every", Duration.ofSeconds(5), Role.WEB));

    node(EnumSet.of(Role.WEB), task).tick(task);
    node(EnumSet.of(Role.WEB), task).tick(task);

    assertThat(task.runs).hasValue(2);
  }

  @Test
  void aFailedTickReleasesItsLockSoTheNextNodeMayRunIt() {
    var task =
        new Counting(
            PeriodicTask.Schedule.onceAcrossNodes("test:failing", Duration.ofMinutes(5), Role.WEB));
    task.failing = true;

    assertThat(node(EnumSet.of(Role.WEB), task).tick(task)).isFalse();
    task.failing = false;
    assertThat(node(EnumSet.of(Role.WEB), task).tick(task)).isTrue();

    assertThat(task.runs).hasValue(2);
  }

  @Test
  void aNodeRunsOnlyTheTasksOfItsRoles() {
    var web =
        new Counting(
            PeriodicTask.Schedule.onEveryNode("test:web", Duration.ofSeconds(1), Role.WEB));
    var scheduler =
        new Counting(
            PeriodicTask.Schedule.onceAcrossNodes(
                "test:scheduler", Duration.ofMinutes(1), Role.SCHEDULER));

    assertThat(node(EnumSet.of(Role.WEB), web, scheduler).here()).containsExactly(web);
    assertThat(node(EnumSet.of(Role.SCHEDULER), web, scheduler).here()).containsExactly(scheduler);
    assertThat(node(EnumSet.noneOf(Role.class), web, scheduler).here()).isEmpty();
  }

  @Test
  void aHeldLockIsReleasedOnlyByItsHolder() {
    String key = allegro.redisPrefix() + "lock:test:held";
    var held = lock.acquire(redis, key, Duration.ofSeconds(30)).orElseThrow();

    assertThat(lock.acquire(redis, key, Duration.ofSeconds(30))).isEmpty();
    redis.opsForValue().set(key, "another holder's token");
    held.close();

    assertThat(redis.opsForValue().get(key)).isEqualTo("another holder's token");
    assertThatThrownBy(() -> lock.acquire(redis, key, Duration.ofSeconds(30)).orElseThrow())
        .isInstanceOf(java.util.NoSuchElementException.class);
  }
}
