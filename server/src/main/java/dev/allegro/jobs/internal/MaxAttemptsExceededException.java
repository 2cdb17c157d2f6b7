package dev.allegro.jobs.internal;

/** A job came back (its worker died or its lease expired) after its last permitted attempt. */
public class MaxAttemptsExceededException extends RuntimeException {

  public MaxAttemptsExceededException(String type, int attempt) {
    super(
        "Job "
            + type
            + " has been attempted too many times (attempt "
            + attempt
            + "); its previous worker may have died or timed out");
  }
}
