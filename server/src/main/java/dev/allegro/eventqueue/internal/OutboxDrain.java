package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.OutboxMetrics;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Moves one queue's waiting outbox rows onto the queue, in commit order, a batch at a time: each
 * batch is pushed, then deleted from the outbox. It stops when the outbox has no more rows for the
 * queue or the queue is at its cap (the rest waits for the consumer to drain). A push that fails
 * ends the pass with its batch still in the outbox, so the next pass starts from it.
 */
@Component
class OutboxDrain {

  static final int BATCH = 1000;

  /** Where committed rows wait: the outbox table. */
  interface Rows {
    /** The queue's oldest rows, in commit order. */
    List<OutboxStore.Row> next(TenantId tenant, QueueKind queue, int limit);

    void delete(List<Long> seqs);
  }

  /** The tenants' queues the rows go to. */
  interface Queues {
    /**
     * Pushes rows not pushed before, in order, up to the queue's cap.
     *
     * @return how many leading rows are on the queue now (pushed now or by an earlier pass)
     */
    int push(TenantId tenant, QueueKind queue, List<OutboxStore.Row> rows);

    /** The rows are deleted from the outbox: the queue may forget that it received them. */
    void confirm(TenantId tenant, QueueKind queue, List<Long> seqs);
  }

  private final Rows rows;
  private final Queues queues;
  private final OutboxMetrics metrics;

  OutboxDrain(Rows rows, Queues queues, OutboxMetrics metrics) {
    this.rows = rows;
    this.queues = queues;
    this.metrics = metrics;
  }

  /**
   * @return how many rows moved to the queue
   * @throws RuntimeException when the outbox or the queue failed; what moved before stays moved
   */
  int drain(TenantId tenant, QueueKind queue) {
    int moved = 0;
    while (true) {
      List<OutboxStore.Row> batch = rows.next(tenant, queue, BATCH);
      if (batch.isEmpty()) {
        return moved;
      }
      int handled = queues.push(tenant, queue, batch);
      metrics.pushed(queue, handled);
      if (handled > 0) {
        List<Long> done = batch.subList(0, handled).stream().map(OutboxStore.Row::seq).toList();
        rows.delete(done);
        queues.confirm(tenant, queue, done);
        moved += handled;
      }
      if (handled < batch.size()) {
        return moved; // the queue is at its cap
      }
    }
  }
}
