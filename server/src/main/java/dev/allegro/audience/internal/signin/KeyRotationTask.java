package dev.allegro.audience.internal.signin;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Every hour, once across the scheduler nodes: replaces signing keys older than {@code
 * AUDIENCE_KEY_ROTATION} and deletes retired keys whose last token has expired.
 */
@Component
class KeyRotationTask implements PeriodicTask {

  private final SigningKeys keys;

  KeyRotationTask(SigningKeys keys) {
    this.keys = keys;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("audience:key-rotation", Duration.ofHours(1), Role.SCHEDULER);
  }

  @Override
  public void run() {
    keys.rotateDue();
  }
}
