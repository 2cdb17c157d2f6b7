package dev.allegro.streams.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Wakes pulls that wait for events ({@code "wait"}) when this node appends to their queue; a pull
 * also looks again every half second, for appends of other nodes.
 */
@Component
class StreamSignals {

  private static final Duration RECHECK = Duration.ofMillis(500);

  private final ConcurrentHashMap<UUID, Object> monitors = new ConcurrentHashMap<>();

  void appended(UUID queue) {
    Object monitor = monitors.get(queue);
    if (monitor != null) {
      synchronized (monitor) {
        monitor.notifyAll();
      }
    }
  }

  /** Waits until this node appends to the queue, half a second, or {@code left}, what is less. */
  void await(UUID queue, Duration left) throws InterruptedException {
    Object monitor = monitors.computeIfAbsent(queue, q -> new Object());
    long millis = Math.max(1, Math.min(left.toMillis(), RECHECK.toMillis()));
    synchronized (monitor) {
      monitor.wait(millis);
    }
  }
}
