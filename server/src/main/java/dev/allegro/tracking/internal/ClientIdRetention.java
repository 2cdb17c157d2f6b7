package dev.allegro.tracking.internal;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Forgets client event ids after 24 hours (a repeat is only recognised within that window), every
 * ten minutes, once across the scheduler nodes: one delete serves every node.
 */
@Component
class ClientIdRetention implements PeriodicTask {

  static final Duration WINDOW = Duration.ofHours(24);

  private final EventStore store;
  private final Clock clock;

  ClientIdRetention(EventStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes(
        "tracking:client-id-retention", Duration.ofMinutes(10), Role.SCHEDULER);
  }

  @Override
  public void run() {
    store.forgetClientIdsBefore(clock.instant().minus(WINDOW));
  }
}
