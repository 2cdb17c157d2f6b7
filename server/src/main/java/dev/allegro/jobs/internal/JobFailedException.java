package dev.allegro.jobs.internal;

/** A job's final failure: why it will not be retried, caused by its last exception. */
public class JobFailedException extends RuntimeException {

  public JobFailedException(String reason, Throwable cause) {
    super(reason + ": " + cause, cause);
  }
}
