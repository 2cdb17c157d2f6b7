package dev.allegro.jobs.internal;

import dev.allegro.jobs.MetricsSnapshots;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * Every hour, once across the scheduler nodes, the hour's five-minute snapshots become one hourly
 * point per queue and job type, so the dashboard's graphs can show a month.
 */
@Component
class RollupTask implements PeriodicTask {

  private final MetricsSnapshots snapshots;
  private final Clock clock;

  RollupTask(MetricsSnapshots snapshots, Clock clock) {
    this.snapshots = snapshots;
    this.clock = clock;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("horizon:rollup", Duration.ofHours(1), Role.SCHEDULER);
  }

  @Override
  public void run() {
    snapshots.rollUp(clock.instant().truncatedTo(ChronoUnit.HOURS));
  }
}
