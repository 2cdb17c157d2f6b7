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
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("horizon:snapshot", Duration.ofMinutes(5), Role.SCHEDULER);
  }

  @Override
  public void run() {
    snapshots.take();
  }
}
