package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxMetrics;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.outbox.RetainingTarget;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Hands one tenant's waiting rows to one target, in commit order, a batch (of at most {@link
 * #BATCH} items, or one row holding more) at a time: each batch is delivered, then what the target
 * took is deleted from the outbox. It stops when the outbox has no more rows for the target or the
 * target took fewer than it was given (it is full: the rest waits). A delivery that fails ends the
 * pass with its batch still in the outbox, so the next pass starts from it. A {@link
 * RetainingTarget}'s rows are kept as delivered instead ({@link RetainedDrain}).
 */
@Component
class OutboxDrain {

  static final int BATCH = 1000;

  /** Where committed rows wait: the outbox table. */
  interface Rows {
    /** The tenant's oldest rows for the target, in commit order. */
    List<OutboxRow> next(TenantId tenant, String target, int limit);

    void delete(List<Long> seqs);
  }

  /** The relay's hold on the lock of the tenant and target it drains. */
  interface Lease {
    /**
     * Extends the hold before more work.
     *
     * @throws IllegalStateException when the lock expired and may have passed to another node
     */
    void renew();
  }

  private final Rows rows;
  private final RetainedDrain retained;
  private final OutboxMetrics metrics;

  OutboxDrain(Rows rows, RetainedDrain retained, OutboxMetrics metrics) {
    this.rows = rows;
    this.retained = retained;
    this.metrics = metrics;
  }

  /**
   * @return how many rows the target took
   * @throws RuntimeException when the outbox or the target failed; what moved before stays moved
   */
  int drain(TenantId tenant, OutboxTarget target, Lease lease) {
    if (target instanceof RetainingTarget retaining) {
      return retained.drain(tenant, retaining, lease);
    }
    int moved = 0;
    while (true) {
      List<OutboxRow> batch = rows.next(tenant, target.name(), BATCH);
      if (batch.isEmpty()) {
        return moved;
      }
      lease.renew();
      int taken = target.deliver(tenant, batch);
      if (taken > 0) {
        metrics.pushed(
            target.name(), batch.subList(0, taken).stream().mapToInt(OutboxRow::items).sum());
        List<Long> done = batch.subList(0, taken).stream().map(OutboxRow::seq).toList();
        rows.delete(done);
        target.forget(tenant, done);
        moved += taken;
      }
      if (taken < batch.size()) {
        return moved; // the target is full
      }
    }
  }

  /**
   * Rebuilds a retaining target's store for the tenant if it lost writes; other targets keep
   * nothing to check.
   */
  void verify(TenantId tenant, OutboxTarget target, Lease lease) {
    if (target instanceof RetainingTarget retaining) {
      retained.verify(tenant, retaining, lease);
    }
  }
}
