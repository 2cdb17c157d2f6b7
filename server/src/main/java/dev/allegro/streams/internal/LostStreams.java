package dev.allegro.streams.internal;

import dev.allegro.system.RedisDataLost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says what a Redis that came back empty cost the subscription queues: their streams and cursors
 * lived only there, and are not rebuilt (docs/scaling.md, Redis data loss). Routing goes on, so
 * each queue holds the events committed since; a consumer's {@code ack_id} from before answers 409
 * and the consumer pulls without one.
 */
@Component
class LostStreams {

  private static final Logger log = LoggerFactory.getLogger(LostStreams.class);

  private final QueueStore queues;

  LostStreams(QueueStore queues) {
    this.queues = queues;
  }

  @EventListener
  void report(RedisDataLost lost) {
    int count = queues.allCodes().size();
    if (count > 0) {
      log.warn(
          "Redis lost the events and cursors of {} subscription queues (it came back empty at about"
              + " {}); they are not rebuilt: each holds the events routed since",
          count,
          lost.since());
    }
  }
}
