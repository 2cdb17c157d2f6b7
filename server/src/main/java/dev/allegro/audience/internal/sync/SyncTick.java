package dev.allegro.audience.internal.sync;

import dev.allegro.audience.AudienceSync;
import dev.allegro.audience.AudienceSyncProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code audience:sync}: every 5 minutes, once across the scheduler nodes, starts the due runs of
 * every tenant's providers ({@link AudienceSync}).
 */
@Component
class SyncTick implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(SyncTick.class);

  private final AudienceSync sync;
  private final Schedule schedule;

  SyncTick(AudienceSync sync, AudienceSyncProperties properties) {
    this.sync = sync;
    this.schedule = Schedule.onceAcrossNodes("audience:sync", properties.tick(), Role.SCHEDULER);
  }

  @Override
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public void run() {
    var outcomes = sync.runNow(null);
    long started = outcomes.stream().filter(o -> o.outcome().equals("started")).count();
    if (!outcomes.isEmpty()) {
      log.info("Audience sync tick: {} runs started of {}", started, outcomes.size());
    }
  }
}
