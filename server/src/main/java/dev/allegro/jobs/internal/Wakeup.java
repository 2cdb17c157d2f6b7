package dev.allegro.jobs.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Wakes idle workers when a job is pushed: one thread per supervisor blocks on every queue's notify
 * list at once (BLPOP takes several keys), and each token it takes lets one idle worker of that
 * queue go. One blocking connection per node, however many workers (a pooled connection factory has
 * few to spare). It listens only while some worker is idle: under load the tokens would only churn.
 */
final class Wakeup implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Wakeup.class);
  private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final RedisConnectionFactory connections;
  private final Map<String, Semaphore> byNotifyKey = new LinkedHashMap<>();
  private final Map<List<String>, Semaphore> byQueues = new LinkedHashMap<>();
  private final byte[][] notifyKeys;
  private final Worker.Control control;
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile Thread listener;

  Wakeup(
      RedisConnectionFactory connections,
      JobKeys keys,
      List<List<String>> workerQueues,
      Worker.Control control) {
    this.connections = connections;
    this.control = control;
    for (List<String> queues : workerQueues) {
      var semaphore = byQueues.computeIfAbsent(queues, q -> new Semaphore(0));
      queues.forEach(q -> byNotifyKey.putIfAbsent(keys.notify(q), semaphore));
    }
    this.notifyKeys =
        byNotifyKey.keySet().stream()
            .map(k -> k.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
  }

  /** Waits up to {@code millis} for a pushed job on one of {@code queues}. */
  void await(List<String> queues, long millis) {
    var semaphore = byQueues.get(queues);
    waiting.incrementAndGet();
    LockSupport.unpark(listener);
    try {
      if (semaphore == null || !semaphore.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
        return;
      }
      semaphore.drainPermits(); // one wake-up is enough to look at every queue again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.decrementAndGet();
    }
  }

  @Override
  public void run() {
    listener = Thread.currentThread();
    while (!control.stopping()) {
      try (var connection = connections.getConnection()) {
        while (!control.stopping()) {
          if (waiting.get() == 0) {
            // Every worker is busy and looks at its queues after each job: nobody to wake. The
            // notify tokens stay in Redis (a pop takes one per job) for when a worker goes idle.
            LockSupport.parkNanos(this, IDLE_CHECK_NANOS);
            continue;
          }
          List<byte[]> popped = connection.listCommands().bLPop(1, notifyKeys);
          if (popped != null && !popped.isEmpty()) {
            var key = new String(popped.getFirst(), StandardCharsets.UTF_8);
            var semaphore = byNotifyKey.get(key);
            if (semaphore != null) {
              semaphore.release();
            }
          }
        }
      } catch (RuntimeException e) {
        if (!control.stopping()) {
          log.warn("Wake-up listener lost Redis; workers poll every second until it is back", e);
          LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
      }
    }
  }
}
