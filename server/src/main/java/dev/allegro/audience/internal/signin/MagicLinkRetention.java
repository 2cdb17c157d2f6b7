package dev.allegro.audience.internal.signin;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Forgets magic links a day after they expired (used or not), every hour, once across the scheduler
 * nodes.
 */
@Component
class MagicLinkRetention implements PeriodicTask {

  static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

  private final MagicLinkStore links;
  private final Clock clock;

  MagicLinkRetention(MagicLinkStore links, Clock clock) {
    this.links = links;
    this.clock = clock;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes(
        "audience:magic-link-retention", Duration.ofHours(1), Role.SCHEDULER);
  }

  @Override
  public void run() {
    links.deleteExpiredBefore(clock.instant().minus(KEPT_AFTER_EXPIRY));
  }
}
