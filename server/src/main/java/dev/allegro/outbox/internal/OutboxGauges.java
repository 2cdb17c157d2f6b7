package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The outbox's backlog and the age of its oldest item, per target, for {@link OutboxMetrics}.
 * Counting the outbox is a query, so what a scrape reads is at most {@link #MAX_AGE} old: one query
 * per node in that time, whatever the scrape rate; a failed query keeps the last figures.
 */
@Component
class OutboxGauges {

  static final Duration MAX_AGE = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);

  /** What waits in the outbox, per target. */
  interface Backlog {
    Map<String, Waiting> waiting();
  }

  /**
   * @param rows items waiting
   * @param oldestAgeSeconds how long the oldest of them has waited
   */
  record Waiting(long rows, double oldestAgeSeconds) {
    static final Waiting NONE = new Waiting(0, 0);
  }

  private record Reading(Map<String, Waiting> waiting, long atMillis) {}

  private final Backlog backlog;
  private final Clock clock;
  private final ReentrantLock reading = new ReentrantLock();
  private volatile Reading last;

  OutboxGauges(Backlog backlog, OutboxTargets targets, OutboxMetrics metrics, Clock clock) {
    this.backlog = backlog;
    this.clock = clock;
    metrics.register(
        targets.names(),
        target -> current(target).rows(),
        target -> current(target).oldestAgeSeconds());
  }

  Waiting current(String target) {
    return read().waiting().getOrDefault(target, Waiting.NONE);
  }

  private Reading read() {
    Reading seen = last;
    long now = clock.millis();
    if (fresh(seen, now) || !reading.tryLock()) {
      // a scrape that finds another one querying takes the figures it has
      return seen == null ? new Reading(Map.of(), now) : seen;
    }
    try {
      seen = last;
      if (fresh(seen, now)) {
        return seen;
      }
      Map<String, Waiting> waiting;
      try {
        waiting = backlog.waiting();
      } catch (RuntimeException e) {
        log.debug("Could not count the outbox: {}", e.toString());
        waiting = seen == null ? Map.of() : seen.waiting();
      }
      last = new Reading(waiting, now);
      return last;
    } finally {
      reading.unlock();
    }
  }

  private static boolean fresh(Reading reading, long now) {
    return reading != null && now - reading.atMillis() < MAX_AGE.toMillis();
  }
}
