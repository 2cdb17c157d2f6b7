package dev.allegro.jobs.internal;

/** How one attempt of a job ended. */
sealed interface Outcome {

  long runtimeMillis();

  record Completed(long runtimeMillis) implements Outcome {}

  record Threw(Throwable exception, long runtimeMillis) implements Outcome {}

  record TimedOut(JobTimeoutException exception, long runtimeMillis) implements Outcome {}

  /** The node is shutting down and stopped waiting for the job: it goes back uncounted. */
  record Abandoned(long runtimeMillis) implements Outcome {}
}
