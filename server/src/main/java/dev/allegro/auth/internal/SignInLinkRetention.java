package dev.allegro.auth.internal;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Forgets sign-in links a day after they expired (used or not: a day is long enough to answer "was
 * a link sent to me?"), every hour, once across the scheduler nodes.
 */
@Component
class SignInLinkRetention implements PeriodicTask {

  static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

  private final SignInLinkStore links;
  private final Clock clock;

  SignInLinkRetention(SignInLinkStore links, Clock clock) {
    this.links = links;
    this.clock = clock;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes(
        "auth:sign-in-link-retention", Duration.ofHours(1), Role.SCHEDULER);
  }

  @Override
  public void run() {
    links.deleteExpiredBefore(clock.instant().minus(KEPT_AFTER_EXPIRY));
  }
}
