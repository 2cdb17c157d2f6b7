package dev.allegro.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happens after an attempt fails, as Laravel decides it: retry until {@code retryUntil} when
 * set, else until {@code maxTries} attempts ({@code 0} = unlimited); {@code maxExceptions} fails
 * early; {@code backoff} gives the wait before each retry (the last value repeats).
 */
public record RetryPolicy(
    int maxTries, List<Integer> backoff, Integer maxExceptions, Instant retryUntil) {

  public RetryPolicy {
    backoff = backoff == null ? List.of() : List.copyOf(backoff);
  }

  /** The outcome of a failed attempt. */
  public sealed interface Decision {
    record Retry(Duration delay) implements Decision {}

    record Fail(String reason) implements Decision {}
  }

  /**
   * @param attempts attempts made so far, this one included
   * @param exceptions attempts that threw so far, this one included
   */
  public Decision afterFailure(int attempts, int exceptions, Instant now) {
    if (maxExceptions != null && maxExceptions > 0 && exceptions >= maxExceptions) {
      return new Decision.Fail(
          "threw " + exceptions + " times (maxExceptions " + maxExceptions + ")");
    }
    if (retryUntil != null) {
      return now.isBefore(retryUntil)
          ? new Decision.Retry(backoffAfter(attempts))
          : new Decision.Fail("retryUntil " + retryUntil + " has passed");
    }
    if (maxTries > 0 && attempts >= maxTries) {
      return new Decision.Fail("attempted " + attempts + " of " + maxTries + " tries");
    }
    return new Decision.Retry(backoffAfter(attempts));
  }

  /**
   * True when a job is reserved for an attempt it may no longer make: its worker died during the
   * last permitted attempt, or {@code retryUntil} passed while it waited.
   */
  public boolean exhaustedBefore(int attempt, Instant now) {
    if (retryUntil != null) {
      return !now.isBefore(retryUntil);
    }
    return maxTries > 0 && attempt > maxTries;
  }

  private Duration backoffAfter(int attempts) {
    if (backoff.isEmpty()) {
      return Duration.ZERO;
    }
    int index = Math.min(Math.max(attempts, 1), backoff.size()) - 1;
    return Duration.ofSeconds(backoff.get(index));
  }
}
