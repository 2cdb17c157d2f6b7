package dev.allegro.jobs.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Wakes idle workers when a job is pushed. A listener blocks on the queues' notify lists with
 * BLPOP, and each token it takes lets one idle worker of that queue go. On one Redis one listener
 * per supervisor blocks on every queue's list at once (BLPOP takes several keys), so a supervisor
 * holds one blocking connection however many workers it has; on a Redis Cluster, where each list
 * lives in its own slot, there is a listener per queue. Listeners block only while some worker is
 * idle: under load the tokens would only churn.
 */
final class Wakeup {

  private static final Logger log = LoggerFactory.getLogger(Wakeup.class);
  private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final RedisConnectionFactory connections;
  private final Map<String, Semaphore> byNotifyKey = new LinkedHashMap<>();
  private final Map<List<String>, Semaphore> byQueues = new LinkedHashMap<>();
  private final List<byte[][]> listenerKeys = new ArrayList<>();
  private final Worker.Control control;
  private final AtomicInteger waiting = new AtomicInteger();
  private final List<Thread> listeners = new ArrayList<>();

  /**
   * @param workerQueues the queue list of every worker the supervisor may run
   * @param keyPerListener whether each notify list needs a listener of its own (a Redis Cluster)
   */
  Wakeup(
      RedisConnectionFactory connections,
      JobKeys keys,
      List<List<String>> workerQueues,
      boolean keyPerListener,
      Worker.Control control) {
    this.connections = connections;
    this.control = control;
    for (List<String> queues : workerQueues) {
      var semaphore = byQueues.computeIfAbsent(queues, q -> new Semaphore(0));
      queues.forEach(q -> byNotifyKey.putIfAbsent(keys.notify(q), semaphore));
    }
    var all = byNotifyKey.keySet().stream().map(Wakeup::bytes).toList();
    if (keyPerListener) {
      all.forEach(key -> listenerKeys.add(new byte[][] {key}));
    } else {
      listenerKeys.add(all.toArray(byte[][]::new));
    }
  }

  /** Starts the listeners, on virtual threads named after the supervisor. */
  void start(String supervisor) {
    for (byte[][] keys : listenerKeys) {
      listeners.add(
          Thread.ofVirtual().name("horizon-wakeup-" + supervisor).start(() -> listen(keys)));
    }
  }

  /** The listeners' threads, for the supervisor to wait for on shutdown. */
  List<Thread> threads() {
    return List.copyOf(listeners);
  }

  /** Waits up to {@code millis} for a pushed job on one of {@code queues}. */
  void await(List<String> queues, long millis) {
    var semaphore = byQueues.get(queues);
    waiting.incrementAndGet();
    listeners.forEach(LockSupport::unpark);
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

  /** Lets every waiting worker go at once, to see that its supervisor stops. */
  void release() {
    byQueues.values().forEach(semaphore -> semaphore.release(Integer.MAX_VALUE / 2));
  }

  private void listen(byte[][] notifyKeys) {
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
            var semaphore = byNotifyKey.get(new String(popped.getFirst(), StandardCharsets.UTF_8));
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

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
