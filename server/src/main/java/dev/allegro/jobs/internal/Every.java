package dev.allegro.jobs.internal;

import java.time.Duration;

/** A step of a loop that runs once per {@code period}, whatever the loop's own pace. */
final class Every {

  private final long periodNanos;
  private long lastNanos;
  private boolean ran;

  Every(Duration period) {
    this.periodNanos = period.toNanos();
  }

  /** Whether the step is due at {@code nowNanos} (System.nanoTime); if so, counts it as run. */
  boolean due(long nowNanos) {
    if (ran && nowNanos - lastNanos < periodNanos) {
      return false;
    }
    ran = true;
    lastNanos = nowNanos;
    return true;
  }
}
