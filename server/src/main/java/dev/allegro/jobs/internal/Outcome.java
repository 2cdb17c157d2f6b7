package dev.allegro.jobs.internal;

import java.time.Duration;

/** How one attempt of a job ended. */
sealed interface Outcome {

  Duration runtime();

  record Completed(Duration runtime) implements Outcome {}

  record Threw(Throwable exception, Duration runtime) implements Outcome {}

  record TimedOut(JobTimeoutException exception, Duration runtime) implements Outcome {}

  /** The node is shutting down and stopped waiting for the job: it goes back uncounted. */
  record Abandoned(Duration runtime) implements Outcome {}
}
