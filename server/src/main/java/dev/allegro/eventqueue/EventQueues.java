package dev.allegro.eventqueue;

import dev.allegro.eventqueue.internal.QueueDepths;
import dev.allegro.system.RedisProbe;
import dev.allegro.tenancy.TenantId;
import java.util.Map;
import org.springframework.stereotype.Service;

/** What monitors read about a tenant's Event and Heartbeat Queues. */
@Service
public class EventQueues {

  private final QueueDepths depths;

  EventQueues(QueueDepths depths) {
    this.depths = depths;
  }

  /** Whether the queues' Redis answers (asked once at a time; see {@link RedisProbe}). */
  public boolean reachable() {
    return depths.probe().reachable();
  }

  /** What a caller saw since (a read that did not answer in time): later callers know it. */
  public void unreachable() {
    depths.probe().unreachable();
  }

  /**
   * Both queues' state, read with LLEN and LINDEX 0 and the outbox's oldest row, never by scanning.
   *
   * @throws RuntimeException when Redis or PostgreSQL does not answer; later {@link #reachable()}
   *     calls know Redis did not
   */
  public Map<QueueKind, QueueState> states(TenantId tenant) {
    return depths.states(tenant);
  }
}
