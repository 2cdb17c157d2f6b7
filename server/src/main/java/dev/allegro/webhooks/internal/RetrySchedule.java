package dev.allegro.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * When a failed delivery is tried again: the schedule's wait for that retry plus up to {@code
 * jitter} of it, so that endpoints back from an outage are not hit by every retry at once; a later
 * {@code Retry-After} from the receiver wins.
 *
 * @param waits seconds before each retry; after the last, no retry
 */
record RetrySchedule(List<Integer> waits, double jitter) {

  RetrySchedule {
    waits = List.copyOf(waits);
  }

  int tries() {
    return waits.size() + 1;
  }

  /**
   * @param failedAttempt the attempt that just failed, from 1
   * @param random a number in [0, 1) that picks the jitter
   * @param retryAfter the receiver's wish, or null
   */
  Duration after(int failedAttempt, double random, Duration retryAfter) {
    int index = Math.min(Math.max(failedAttempt, 1), waits.size()) - 1;
    long base = waits.isEmpty() ? 0 : waits.get(index) * 1000L;
    Duration wait = Duration.ofMillis(base + Math.round(base * jitter * random));
    return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
  }

  /**
   * A {@code Retry-After} value, delay-seconds or an HTTP date, as a wait from {@code now}; null
   * when absent or unreadable.
   */
  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
