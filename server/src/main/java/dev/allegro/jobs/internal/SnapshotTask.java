package dev.allegro.jobs.internal;

import dev.allegro.jobs.MetricsSnapshots;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** {@code horizon:snapshot} every five minutes. */
@Component
class SnapshotTask implements ScheduledTask {

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
  public void run() {
    snapshots.take();
  }
}
