package dev.allegro.streams.internal;

import dev.allegro.streams.StreamsProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drops subscription queues' events appended longer ago than the retention ({@code
 * SUBSCRIPTION_RETENTION}, 7 days), acknowledged or not, once across the scheduler nodes. A queue's
 * stream ids are its append times, so this is {@code XTRIM MINID}; a cursor left behind learns on
 * its next pull how many it lost ({@code expired_skipped}).
 */
@Component
public class SubscriptionRetention implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionRetention.class);

  private final QueueStore store;
  private final QueueStreams streams;
  private final Clock clock;
  private final Duration retention;
  private final Duration period;

  SubscriptionRetention(
      QueueStore store, QueueStreams streams, Clock clock, StreamsProperties properties) {
    this.store = store;
    this.streams = streams;
    this.clock = clock;
    this.retention = properties.retention();
    this.period = properties.retentionCheck();
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("streams:retention", period, Role.SCHEDULER);
  }

  /** Trims every queue; one queue's failure does not stop the others. */
  @Override
  public void run() {
    var before = clock.instant().minus(retention);
    for (UUID queue : store.allCodes()) {
      try {
        streams.trim(queue, before);
      } catch (RuntimeException e) {
        log.warn("Trimming subscription queue {} failed; the next tick retries", queue, e);
      }
    }
  }
}
