package dev.allegro.jobs.internal;

import java.time.Duration;

/** A job ran past its timeout and was interrupted. */
public class JobTimeoutException extends RuntimeException {

  public JobTimeoutException(String type, Duration timeout) {
    super("Job " + type + " ran longer than its timeout of " + timeout.toSeconds() + "s");
  }
}
