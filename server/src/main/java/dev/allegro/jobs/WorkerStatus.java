package dev.allegro.jobs;

import java.util.Locale;

/** What a worker is doing, as its heartbeat record tells. */
public enum WorkerStatus {
  /** Waiting for a job. */
  IDLE,
  /** Running a job. */
  BUSY,
  /** Horizon is paused: it takes no job until continued. */
  PAUSED,
  /** It stopped taking jobs: retired, or its supervisor stopping. */
  STOPPED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException when {@code label} names no status
   */
  public static WorkerStatus parse(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
