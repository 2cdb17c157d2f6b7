package dev.allegro.jobs;

import java.util.Locale;

/** What a supervisor is doing, as its heartbeat record tells. */
public enum SupervisorStatus {
  RUNNING,
  PAUSED,
  /** {@code QUEUE_CONNECTION} is not {@code redis}: the supervisor runs but starts no worker. */
  NO_WORKERS;

  /** The name in the record and the CLI: {@code running}, {@code paused}, {@code no-workers}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * @throws IllegalArgumentException when {@code label} names no status
   */
  public static SupervisorStatus parse(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
