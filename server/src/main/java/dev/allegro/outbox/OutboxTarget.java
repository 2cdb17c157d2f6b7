package dev.allegro.outbox;

import dev.allegro.tenancy.TenantId;
import java.util.List;

/**
 * A consumer of committed events, fed from the transactional outbox (the Event Queue, the Heartbeat
 * Queue, subscription streams, webhooks, ...): declare one as a bean and the outbox routes to it;
 * ingestion never names it.
 *
 * <p>In the ingestion transaction the outbox asks every target whether it {@link #accepts} each
 * committed item and stores one row per accepting target. After the commit, and again whenever a
 * row is left behind, the relay hands each target its rows of one tenant in commit order, one relay
 * at a time per tenant and target across all nodes, and deletes what the target took. A relay may
 * die between a delivery and the deletion, so a target sees a row again after a crash and must take
 * each row once (by its {@link OutboxRow#seq()}).
 */
public interface OutboxTarget {

  /** Stored with each row, and the {@code target} of the outbox's meters; e.g. {@code events}. */
  String name();

  /**
   * Whether this target takes {@code item}; decided inside the ingestion transaction, so it must be
   * quick (in-memory state, such as cached feature flags or subscriptions).
   */
  boolean accepts(Committed item);

  /**
   * Whether the outbox stores all the items one commit hands this target for one tenant in one row,
   * one per line ({@link OutboxRow#each()}), rather than a row per item: a row to write, read and
   * delete for many items, for a target that takes them in bulk. The relay still gives it at most
   * about a batch's worth of items at a time, and it takes or leaves each row whole.
   */
  default boolean groupsItems() {
    return false;
  }

  /**
   * What a row of a target that {@link #groupsItems() groups} items keeps of one: its JSON unless
   * the target needs more at hand; one line, with no line break.
   */
  default String line(Committed item) {
    return item.json();
  }

  /**
   * Takes a tenant's rows, oldest first.
   *
   * @return how many leading rows it took (now, or already before); the rest stays in the outbox
   *     for a later pass, e.g. while the target is full
   * @throws RuntimeException when it cannot take them now (its Redis is down, say): every row stays
   */
  int deliver(TenantId tenant, List<OutboxRow> rows);

  /** The rows were deleted from the outbox: the target may forget that it took them. */
  default void forget(TenantId tenant, List<Long> seqs) {}
}
