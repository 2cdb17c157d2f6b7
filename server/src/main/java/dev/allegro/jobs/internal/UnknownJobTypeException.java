package dev.allegro.jobs.internal;

/** A payload names a job type no handler bean runs. */
public class UnknownJobTypeException extends RuntimeException {

  public UnknownJobTypeException(String type) {
    super("No handler for job type '" + type + "' on this node; the job fails without running");
  }
}
