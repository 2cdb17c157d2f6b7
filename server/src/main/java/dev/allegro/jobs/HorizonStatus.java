package dev.allegro.jobs;

import java.util.Locale;

/** Horizon's status line across every node. */
public enum HorizonStatus {
  /** Some supervisor is alive and Horizon is not paused. */
  RUNNING,
  PAUSED,
  /** No supervisor is alive. */
  INACTIVE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
