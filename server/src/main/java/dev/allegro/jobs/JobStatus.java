package dev.allegro.jobs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A job's life, as Horizon records it. A job is {@code PENDING} until a worker reserves it, then
 * {@code RESERVED}; an attempt ends {@code COMPLETED}, {@code FAILED}, or back at {@code PENDING}
 * (released for a retry, or given back by a node shutting down); a failed job is pending again when
 * it is retried. The engine's moves are {@code JobTransition}s, each checked against {@link
 * #next()} and applied by the scripts only from the statuses it names.
 */
public enum JobStatus {
  PENDING,
  RESERVED,
  COMPLETED,
  FAILED;

  public Set<JobStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(RESERVED, FAILED);
      case RESERVED -> EnumSet.of(PENDING, COMPLETED, FAILED);
      case COMPLETED -> EnumSet.noneOf(JobStatus.class);
      case FAILED -> EnumSet.of(PENDING); // queue:retry
    };
  }

  /**
   * @throws IllegalStateException when the job cannot move from this state to {@code target}
   */
  public JobStatus moveTo(JobStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("A job cannot go from " + this + " to " + target);
    }
    return target;
  }

  /** The name in Horizon's records and in the API: {@code pending}, {@code reserved}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static JobStatus parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "status: '" + text + "' is not one of pending, reserved, completed, failed");
    }
  }
}
