package dev.allegro.jobs.internal;

import dev.allegro.jobs.MetricsSnapshots;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** {@code horizon:snapshot} every five minutes, once across the scheduler nodes. */
@Component
class SnapshotTask implements PeriodicTask {

  private final MetricsSnapshots snapshots;

  SnapshotTask(MetricsSnapshots snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public String name() {
    return "horizon:snapshot";
  }

  @Override
  public Duration period() {
    return Duration.ofMinutes(5);
  }

  @Override
  public Scope scope() {
    return Scope.ONCE_ACROSS_NODES;
  }

  @Override
  public Role role() {
    return Role.SCHEDULER;
  }

  @Override
  public void run() {
    snapshots.take();
  }
}
