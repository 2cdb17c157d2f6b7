package dev.allegro.streams.internal;

import dev.allegro.streams.StreamsProperties;
import dev.allegro.streams.internal.CheckpointStore.Checkpoint;
import dev.allegro.streams.internal.CheckpointStore.Reading;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.RedisDataLost;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every subscription queue's stream in PostgreSQL ({@code subscription_checkpoints}: its
 * generation, the events it took, its consumer's acknowledged position), once across the web nodes
 * every {@code SUBSCRIPTION_CHECKPOINT_EVERY} (5 s), and rebuilds a stream found to have lost
 * writes ({@link StreamRebuild}): a Redis that came back empty, or a failover to a replica that
 * missed some. A Redis found empty ({@link RedisDataLost}) has every queue rebuilt.
 */
@Component
class StreamCheckpoints implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(StreamCheckpoints.class);

  private final CheckpointStore store;
  private final QueueStreams streams;
  private final StreamRebuild rebuild;
  private final Duration period;

  StreamCheckpoints(
      CheckpointStore store,
      QueueStreams streams,
      StreamRebuild rebuild,
      StreamsProperties properties) {
    this.store = store;
    this.streams = streams;
    this.rebuild = rebuild;
    this.period = properties.checkpointEvery();
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("streams:checkpoint", period, Role.WEB).andAtStart();
  }

  /**
   * Redis, or one master of a cluster, came back empty: the tenants' stored events may be gone with
   * it though a queue's own keys are not (they live in other slots), so every queue that took
   * events is rebuilt, by the next check on whichever node runs it.
   */
  @EventListener
  void redisCameBackEmpty(RedisDataLost lost) {
    try {
      int queues = store.markLost(lost.since());
      log.warn("Redis lost data: the {} subscription queues that took events are rebuilt", queues);
    } catch (RuntimeException e) {
      log.error("Could not mark the subscription queues for rebuilding", e);
    }
  }

  /** Every queue; one queue's failure does not stop the others. */
  @Override
  public void run() {
    var readings = new ArrayList<Reading>();
    for (Checkpoint recorded : store.all()) {
      UUID queue = recorded.queue();
      try {
        var state =
            streams.state(
                queue, recorded.generation(), recorded.appended(), UUID.randomUUID().toString());
        switch (state.kind()) {
          case LOST -> {
            if (CheckpointStore.LOST.equals(recorded.generation())) {
              log.warn(
                  "Subscription queue {}: marked lost (Redis lost data of its tenants' slots);"
                      + " rebuilding it from PostgreSQL",
                  queue);
            } else {
              log.warn(
                  "Subscription queue {}: Redis lost writes of its stream (it holds {} events,"
                      + " {} were recorded); rebuilding it from PostgreSQL",
                  queue,
                  state.appended(),
                  recorded.appended());
            }
            rebuild.rebuild(queue);
          }
          // a rebuild whose node died is done again; one that runs holds its lock
          case HELD -> rebuild.rebuild(queue);
          case OK -> {
            // a rebuilt entry's id is the rebuild's time: the position stays where it started
            Instant acked =
                state.cursorN() > recorded.rebuilt() ? ackedThrough(state.cursorId()) : null;
            boolean changed =
                state.appended() != recorded.appended()
                    || !Objects.equals(state.generation(), recorded.generation())
                    || (acked != null && !acked.equals(recorded.ackedThrough()));
            if (!state.generation().isEmpty() && changed) {
              readings.add(
                  new Reading(
                      queue, recorded.generation(), state.generation(), state.appended(), acked));
            }
          }
        }
      } catch (RuntimeException e) {
        log.warn("Checking subscription queue {} failed; the next tick retries", queue, e);
      }
    }
    store.record(readings);
  }

  /** The time of a cursor's entry id ({@code ms-seq}); null when nothing was acknowledged. */
  static Instant ackedThrough(String cursorId) {
    int dash = cursorId.indexOf('-');
    if (dash <= 0) {
      return null;
    }
    long ms = Long.parseLong(cursorId, 0, dash, 10);
    return ms > 0 ? Instant.ofEpochMilli(ms) : null;
  }
}
