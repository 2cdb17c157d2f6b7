package dev.allegro.jobs;

import java.util.UUID;

/** A job's uuid, the same across its attempts and in {@code failed_jobs}. */
public record JobId(UUID value) {

  public static JobId random() {
    return new JobId(UUID.randomUUID());
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not a uuid
   */
  public static JobId parse(String text) {
    try {
      return new JobId(UUID.fromString(text.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a job uuid");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
