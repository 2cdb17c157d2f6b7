package dev.allegro.jobs;

import java.time.Duration;

/**
 * Thrown by a handler whose attempt failed and which knows the next one must wait at least {@code
 * atLeast} (a server's {@code Retry-After}, say): the job's retry policy still decides whether it
 * is retried, and its backoff is used when that is longer.
 */
public class RetryNoSooner extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Duration atLeast;

  public RetryNoSooner(String message, Duration atLeast) {
    super(message);
    this.atLeast = atLeast;
  }

  public Duration atLeast() {
    return atLeast;
  }
}
