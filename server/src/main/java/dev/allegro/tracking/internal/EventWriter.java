package dev.allegro.tracking.internal;

import dev.allegro.eventqueue.QueueOutbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit: requests hand their events to one writer thread, which stores everything that
 * arrived while the previous transaction ran in the next one. A request is answered when its group
 * is committed; the outbox relay is woken right after.
 */
@Component
class EventWriter implements SmartLifecycle {

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
  private final QueueOutbox outbox;
  private final BlockingQueue<Submission> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
  private volatile boolean accepting;
  private volatile Thread thread;

  EventWriter(EventStore store, QueueOutbox outbox) {
    this.store = store;
    this.outbox = outbox;
  }

  /**
   * @return completes when the events are committed, exceptionally when they could not be
   */
  CompletableFuture<Void> submit(List<PreparedEvent> events, List<PageHeartbeat> beats) {
    var submission = new Submission(events, beats, new CompletableFuture<>());
    if (!accepting || !waiting.offer(submission)) {
      submission.committed.completeExceptionally(
          new IllegalStateException("The event writer is not accepting work"));
    }
    return submission.committed;
  }

  private void loop() {
    var group = new ArrayList<Submission>();
    while (accepting || !waiting.isEmpty()) {
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
        // stop() drains what is left before returning
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
    Set<QueueOutbox.Target> targets;
    try {
      targets = store.write(events, beats);
    } catch (RuntimeException e) {
      log.warn("Could not store {} events and {} heartbeats", events.size(), beats.size(), e);
      group.forEach(s -> s.committed().completeExceptionally(e));
      return;
    }
    group.forEach(s -> s.committed().complete(null));
    outbox.committed(targets);
  }

  @Override
  public void start() {
    if (thread == null) {
      accepting = true;
      thread = Thread.ofPlatform().name("event-writer").start(this::loop);
    }
  }

  @Override
  public void stop() {
    accepting = false;
    Thread running = thread;
    thread = null;
    if (running != null) {
      try {
        running.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts before and stops after the web server, so no accepted request loses its write. */
  @Override
  public int getPhase() {
    return 0;
  }

  @Override
  public boolean isRunning() {
    return accepting;
  }
}
