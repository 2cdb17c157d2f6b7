package dev.allegro.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The pause of a queue consumer after an empty read or a failure: it doubles from {@code min} with
 * each consecutive quiet poll, is capped at {@code max}, and is jittered ("equal jitter": a random
 * value between half the step and the whole step) so that many consumers do not poll in step.
 *
 * @param min the first pause; must be positive
 * @param max the cap; at least {@code min}
 */
public record Backoff(Duration min, Duration max) {

  /** 250 ms doubling up to 10 s. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));

  /** Validates the bounds. */
  public Backoff {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("min backoff must be positive: " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is below min " + min);
    }
  }

  /**
   * The pause after {@code streak} earlier consecutive quiet polls (0 for the first one).
   *
   * @param streak how many quiet polls came right before this one
   * @param random the source of jitter
   * @return a duration in {@code [step/2, step]} where {@code step = min(max, min * 2^streak)}
   */
  public Duration delay(int streak, RandomGenerator random) {
    long step = cappedStep(min.toMillis(), max.toMillis(), streak);
    long half = Math.max(1, step / 2);
    return Duration.ofMillis(half + random.nextLong(step - half + 1));
  }

  static long cappedStep(long base, long cap, int exponent) {
    long step = base;
    for (int i = 0; i < exponent && step < cap; i++) {
      step = step > cap / 2 ? cap : step * 2;
    }
    return Math.min(step, cap);
  }
}
