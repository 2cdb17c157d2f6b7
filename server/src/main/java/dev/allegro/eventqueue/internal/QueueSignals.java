package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.QueueKind;
import dev.allegro.tenancy.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/** Wakes long-polling readers on this node when the relay pushed to their queue. */
@Component
class QueueSignals {

  private record Key(TenantId tenant, QueueKind kind) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentHashMap<Key, Condition> conditions = new ConcurrentHashMap<>();

  void pushed(TenantId tenant, QueueKind kind) {
    Condition condition = conditions.get(new Key(tenant, kind));
    if (condition != null) {
      lock.lock();
      try {
        condition.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits until a push to the queue on this node, or {@code millis} pass. */
  void await(TenantId tenant, QueueKind kind, long millis) throws InterruptedException {
    Condition condition =
        conditions.computeIfAbsent(new Key(tenant, kind), k -> lock.newCondition());
    lock.lock();
    try {
      condition.await(millis, TimeUnit.MILLISECONDS);
    } finally {
      lock.unlock();
    }
  }
}
