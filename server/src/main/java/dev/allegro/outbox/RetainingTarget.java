package dev.allegro.outbox;

import dev.allegro.tenancy.TenantId;
import java.util.List;

/**
 * An {@link OutboxTarget} whose store can lose what it took (a Redis restarted without persistence,
 * a failover that dropped acknowledged writes). PostgreSQL stays the source of truth: the outbox
 * keeps every row it delivered to such a target until the target's consumer removed it ({@link
 * Outbox#consumed}), and rebuilds a tenant's store from those rows when it finds that the store
 * lost them.
 *
 * <p>How it finds out: each relay pass has a number, increasing, and the store keeps the number of
 * the last pass it holds (its mark) in the same atomic step as the rows. The outbox records the
 * number in PostgreSQL after the pass. A store whose mark is below the recorded one lost writes.
 */
public interface RetainingTarget extends OutboxTarget {

  /**
   * The pass's numbers.
   *
   * @param expected the mark PostgreSQL recorded last: the store holds at least this pass, or it
   *     lost writes
   * @param next this pass's number, for the store to keep as its mark; 0 keeps the mark it has
   */
  record Marks(long expected, long next) {
    /** No check and no new mark. */
    public static final Marks UNCHECKED = new Marks(0, 0);
  }

  /** Thrown by {@link #deliver(TenantId, List, Marks)}: the store's mark is below the expected. */
  final class Lost extends RuntimeException {
    public Lost(String message) {
      super(message);
    }
  }

  /**
   * Takes rows as {@link OutboxTarget#deliver} does, and keeps {@code marks.next()} as its mark, in
   * one atomic step, unless its mark is below {@code marks.expected()}: then it takes nothing.
   *
   * @throws Lost when the store's mark is below the expected one
   */
  int deliver(TenantId tenant, List<OutboxRow> rows, Marks marks);

  @Override
  default int deliver(TenantId tenant, List<OutboxRow> rows) {
    return deliver(tenant, rows, Marks.UNCHECKED);
  }

  /** The last pass the tenant's store holds; 0 when it holds none (or lost everything). */
  long mark(TenantId tenant);

  /**
   * Drops all the tenant's store holds before a rebuild, and keeps {@code mark} as its mark, so
   * that a loss during the rebuild is found like any other.
   */
  void reset(TenantId tenant, long mark);
}
