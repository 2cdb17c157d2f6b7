package dev.allegro.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the {@link Tracker} retries a batch after a network error, a 5xx or a 429: at most {@code
 * maxAttempts} tries in total, waiting between them for the server's {@code Retry-After} when it
 * sends one, else a "full jitter" exponential backoff: a random duration between zero and {@code
 * min(maxDelay, baseDelay * 2^(attempt - 1))}.
 *
 * @param maxAttempts tries in total, the first one included; at least 1
 * @param baseDelay the step of the first retry; must be positive
 * @param maxDelay the cap of the jittered step; at least {@code baseDelay}
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  /** Five tries, backoff from 500 ms capped at 30 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  /**
   * A {@code Retry-After} longer than this is shortened to it, so that one odd header cannot stall
   * the tracker for hours.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /** Validates the values. */
  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (baseDelay.isNegative() || baseDelay.isZero()) {
      throw new IllegalArgumentException("baseDelay must be positive: " + baseDelay);
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay " + maxDelay + " is below " + baseDelay);
    }
  }

  /**
   * The wait before the try after {@code failedAttempt}.
   *
   * @param failedAttempt the number of the try that just failed, from 1
   * @param retryAfter the server's {@code Retry-After}, or {@code null}
   * @param random the source of jitter
   */
  public Duration delayAfter(int failedAttempt, Duration retryAfter, RandomGenerator random) {
    if (retryAfter != null) {
      return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }
    long step = Backoff.cappedStep(baseDelay.toMillis(), maxDelay.toMillis(), failedAttempt - 1);
    return Duration.ofMillis(random.nextLong(step + 1));
  }
}
