package dev.allegro.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tracker's bounded buffer and its bookkeeping: {@code offer} never waits for space; the sender
 * takes batches of up to {@code batchSize} after the linger; {@code flush} waits until everything
 * accepted before it has been delivered (sent, rejected or given up).
 */
final class TrackerBuffer {

  private final int capacity;
  private final int batchSize;
  private final long lingerNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Condition progressed = lock.newCondition();
  private final ArrayDeque<TrackedEvent> events = new ArrayDeque<>();
  private long accepted;
  private long taken;
  private long delivered;
  private long dropped;
  private long urgentUpTo;
  private boolean closed;

  TrackerBuffer(int capacity, int batchSize, Duration linger) {
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.lingerNanos = linger.toNanos();
  }

  TrackResult offer(TrackedEvent event) {
    lock.lock();
    try {
      if (closed) {
        return new TrackResult.Dropped(event, TrackResult.Reason.CLOSED);
      }
      if (events.size() >= capacity) {
        dropped++;
        return new TrackResult.Dropped(event, TrackResult.Reason.BUFFER_FULL);
      }
      events.addLast(event);
      accepted++;
      if (events.size() == 1 || events.size() >= batchSize) {
        arrived.signal();
      }
      return new TrackResult.Queued(event);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next batch: waits for a first event, then up to the linger for the batch to fill (no linger
   * for events a flush or close is waiting for).
   *
   * @return the batch, or an empty list once closed and drained
   */
  List<TrackedEvent> take() throws InterruptedException {
    lock.lock();
    try {
      while (events.isEmpty() && !closed) {
        arrived.await();
      }
      long left = lingerNanos;
      while (!events.isEmpty() && events.size() < batchSize && taken >= urgentUpTo && left > 0) {
        left = arrived.awaitNanos(left);
      }
      List<TrackedEvent> batch = new ArrayList<>(Math.min(batchSize, events.size()));
      while (batch.size() < batchSize && !events.isEmpty()) {
        batch.add(events.pollFirst());
      }
      taken += batch.size();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Removes every buffered event (the tracker gives them up when closing times out). */
  List<TrackedEvent> drain() {
    lock.lock();
    try {
      List<TrackedEvent> rest = new ArrayList<>(events);
      events.clear();
      taken += rest.size();
      return rest;
    } finally {
      lock.unlock();
    }
  }

  void delivered(int count) {
    lock.lock();
    try {
      delivered += count;
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Sends what is buffered now without linger and waits until it is delivered. */
  boolean flush(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long target = accepted;
      urgentUpTo = Math.max(urgentUpTo, target);
      arrived.signalAll();
      long left = timeout.toNanos();
      while (delivered < target) {
        if (left <= 0) {
          return false;
        }
        left = progressed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new events and wakes the sender so it sends the rest without linger. */
  void close() {
    lock.lock();
    try {
      closed = true;
      urgentUpTo = Long.MAX_VALUE;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  Counts counts() {
    lock.lock();
    try {
      return new Counts(accepted, dropped, events.size());
    } finally {
      lock.unlock();
    }
  }

  record Counts(long accepted, long dropped, int buffered) {}
}
