package dev.allegro.tracking.internal;

import dev.allegro.outbox.Outbox;
import dev.allegro.system.BackgroundThread;
import dev.allegro.tracking.IngestionMetrics;
import dev.allegro.tracking.IngestionMetrics.Outcome;
import dev.allegro.tracking.TrackingProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Group commit: requests hand their events to the writer threads ({@code INGESTION_WRITERS}, one by
 * default), each of which stores everything that arrived while it was busy in its next transaction.
 * With two, a commit that stalls (a slow WAL flush) holds up only the requests in its own group:
 * the next arrivals commit beside it. A request is answered when its group is committed; the outbox
 * relay is woken right after. Groups committed at once carry no order between them: neither had
 * been answered, just as with two nodes.
 *
 * <p>One request's bad value must not fail the others it shares a commit with: when a group is
 * refused for a value of its data (validation should have let none through), each of its
 * submissions is written again on its own, and only those the database still refuses fail, with
 * {@link UnstorableInput}.
 *
 * <p>It starts before and stops after the web server, and drains what it was handed before it
 * stops, so no accepted request loses its write.
 */
@Component
class EventWriter extends BackgroundThread {

  private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
  static final int MAX_GROUP_ROWS = 5_000;
  private static final int MAX_WAITING = 10_000;

  private record Submission(
      List<PreparedEvent> events, List<PageHeartbeat> beats, CompletableFuture<Void> committed) {
    int rows() {
      return events.size() + beats.size();
    }
  }

  private final EventStore store;
  private final Outbox outbox;
  private final IngestionMetrics metrics;
  private final BlockingQueue<Submission> waiting = new ArrayBlockingQueue<>(MAX_WAITING);

  EventWriter(
      EventStore store, Outbox outbox, IngestionMetrics metrics, TrackingProperties tracking) {
    super("event-writer", tracking.writers(), 0, Duration.ofSeconds(30), OnStop.DRAIN);
    this.store = store;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /**
   * @return completes when the events are committed, exceptionally when they could not be
   */
  CompletableFuture<Void> submit(List<PreparedEvent> events, List<PageHeartbeat> beats) {
    var submission = new Submission(events, beats, new CompletableFuture<>());
    if (!isRunning() || !waiting.offer(submission)) {
      submission.committed.completeExceptionally(
          new IllegalStateException("The event writer is not accepting work"));
    }
    return submission.committed;
  }

  @Override
  protected void loop() {
    var group = new ArrayList<Submission>();
    while (!stopRequested() || !waiting.isEmpty()) {
      try {
        Submission first = waiting.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        int rows = first.rows();
        Submission next;
        while (rows < MAX_GROUP_ROWS && (next = waiting.poll()) != null) {
          group.add(next);
          rows += next.rows();
        }
        write(group);
      } catch (InterruptedException e) {
        // not interrupted by stop(), which lets the loop drain what is left
      } finally {
        group.clear();
      }
    }
  }

  private void write(List<Submission> group) {
    var events = new ArrayList<PreparedEvent>();
    var beats = new ArrayList<PageHeartbeat>();
    for (Submission s : group) {
      events.addAll(s.events());
      beats.addAll(s.beats());
    }
    Set<Outbox.Pending> targets;
    try {
      targets = timedWrite(events, beats);
    } catch (RuntimeException e) {
      if (!StorageErrors.isRefusedValue(e)) {
        log.warn("Could not store {} events and {} heartbeats", events.size(), beats.size(), e);
        group.forEach(s -> s.committed().completeExceptionally(e));
      } else if (group.size() == 1) {
        refused(group.getFirst(), e);
      } else {
        writeEachAlone(group);
      }
      return;
    }
    group.forEach(s -> s.committed().complete(null));
    outbox.committed(targets);
  }

  /**
   * After a group was refused for a value: each submission in its own transaction, in the order
   * they came. Should the database stop answering meanwhile, the rest fail as unavailable.
   */
  private void writeEachAlone(List<Submission> group) {
    log.warn("The database refused a value in a group of {}; writing each alone", group.size());
    var targets = new HashSet<Outbox.Pending>();
    RuntimeException unavailable = null;
    for (Submission s : group) {
      if (unavailable != null) {
        s.committed().completeExceptionally(unavailable);
        continue;
      }
      try {
        targets.addAll(timedWrite(s.events(), s.beats()));
        s.committed().complete(null);
      } catch (RuntimeException e) {
        if (StorageErrors.isRefusedValue(e)) {
          refused(s, e);
        } else {
          log.warn("Could not store a submission of {} rows", s.rows(), e);
          unavailable = e;
          s.committed().completeExceptionally(e);
        }
      }
    }
    outbox.committed(targets);
  }

  private Set<Outbox.Pending> timedWrite(List<PreparedEvent> events, List<PageHeartbeat> beats) {
    var sample = metrics.commitStarted();
    try {
      Set<Outbox.Pending> targets = store.write(events, beats);
      metrics.committed(sample, events.size() + beats.size());
      return targets;
    } catch (RuntimeException e) {
      metrics.ended(sample, StorageErrors.isRefusedValue(e) ? Outcome.REFUSED : Outcome.FAILED);
      throw e;
    }
  }

  private static void refused(Submission s, RuntimeException e) {
    log.warn("The database refused a submission of {} rows: {}", s.rows(), StorageErrors.reason(e));
    s.committed().completeExceptionally(new UnstorableInput(e));
  }
}
