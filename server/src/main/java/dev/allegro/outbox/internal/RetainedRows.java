package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxRow;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox rows a {@link dev.allegro.outbox.RetainingTarget} took and its consumer has not
 * removed yet, with {@code outbox_marks}: per tenant and target, the last relay pass the store
 * confirmed, removals not yet matched with rows, and whether a rebuild is under way.
 */
@Repository
public class RetainedRows {

  /** The most rows one compaction statement deletes: a large removal is deleted in steps. */
  static final int COMPACTION_STEP = 10_000;

  private final JdbcClient jdbc;

  RetainedRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * What PostgreSQL recorded of a tenant's store.
   *
   * @param delivered the last relay pass the store confirmed holding; 0 for none
   * @param consumed removals the consumer made whose rows are not deleted yet
   * @param rebuilding whether a rebuild began and did not finish
   */
  record Mark(TenantId tenant, String target, long delivered, long consumed, boolean rebuilding) {}

  /** A delivered row's place in the store: by relay pass, then seq. */
  record Position(long delivered, long seq) {
    static final Position START = new Position(0, 0);
  }

  /** A delivered row and its place. */
  record Delivered(OutboxRow row, Position position) {}

  /** A number for the next relay pass, above every earlier one. */
  long nextPass() {
    return jdbc.sql("SELECT nextval('outbox_delivery')").query(Long.class).single();
  }

  /** What PostgreSQL recorded of the tenant's store; all zero when nothing yet. */
  Mark recorded(TenantId tenant, String target) {
    return jdbc.sql(
            """
            SELECT delivered, consumed, rebuilding FROM outbox_marks
            WHERE tenant_id = :tenant AND target = :target
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .query((rs, n) -> new Mark(tenant, target, rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
        .optional()
        .orElse(new Mark(tenant, target, 0, 0, false));
  }

  /**
   * Marks rows delivered by pass {@code pass} (unless an earlier pass did), and records the pass as
   * the store's mark.
   *
   * @return removals the consumer made that are not matched with rows yet
   */
  long delivered(TenantId tenant, String target, List<Long> seqs, long pass) {
    return jdbc.sql(
            """
            WITH marked AS (
              UPDATE outbox SET delivered = :pass WHERE seq = ANY(:seqs) AND delivered IS NULL
            )
            INSERT INTO outbox_marks (tenant_id, target, delivered)
            VALUES (:tenant, :target, :pass)
            ON CONFLICT (tenant_id, target) DO UPDATE
              SET delivered = greatest(outbox_marks.delivered, excluded.delivered)
            RETURNING consumed
            """)
        .param("pass", pass)
        .param("seqs", seqs.toArray(Long[]::new))
        .param("tenant", tenant.value())
        .param("target", target)
        .query(Long.class)
        .single();
  }

  /** A rebuild of the tenant's store begins: until {@link #rebuilt}, it is to be done again. */
  void rebuilding(TenantId tenant, String target) {
    jdbc.sql(
            """
            INSERT INTO outbox_marks (tenant_id, target, rebuilding) VALUES (:tenant, :target, true)
            ON CONFLICT (tenant_id, target) DO UPDATE SET rebuilding = true
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .update();
  }

  /** The rebuild finished: the store holds pass {@code pass}. */
  void rebuilt(TenantId tenant, String target, long pass) {
    jdbc.sql(
            """
            UPDATE outbox_marks SET delivered = greatest(delivered, :pass), rebuilding = false
            WHERE tenant_id = :tenant AND target = :target
            """)
        .param("pass", pass)
        .param("tenant", tenant.value())
        .param("target", target)
        .update();
  }

  /**
   * The consumer removed {@code count} items from the front of the store; their rows are deleted
   * now, a step's worth, and the rest by {@link OutboxVerify}.
   */
  public void consumed(TenantId tenant, String target, long count) {
    jdbc.sql(
            """
            INSERT INTO outbox_marks (tenant_id, target, consumed) VALUES (:tenant, :target, :count)
            ON CONFLICT (tenant_id, target) DO UPDATE
              SET consumed = outbox_marks.consumed + excluded.consumed
            """)
        .param("count", count)
        .param("tenant", tenant.value())
        .param("target", target)
        .update();
    compact(tenant, target);
  }

  /**
   * Deletes the oldest delivered rows the consumer removed, at most {@link #COMPACTION_STEP}.
   * Concurrent calls delete each row once: the second finds the rows gone and subtracts nothing.
   *
   * @return rows deleted
   */
  int compact(TenantId tenant, String target) {
    return jdbc.sql(
            """
            WITH removed AS (
              SELECT seq FROM outbox
              WHERE tenant_id = :tenant AND target = :target AND delivered IS NOT NULL
              ORDER BY delivered, seq
              LIMIT least(:step, coalesce((SELECT greatest(consumed, 0) FROM outbox_marks
                                           WHERE tenant_id = :tenant AND target = :target), 0))
            ), gone AS (
              DELETE FROM outbox WHERE seq IN (SELECT seq FROM removed) RETURNING seq
            )
            UPDATE outbox_marks SET consumed = consumed - (SELECT count(*) FROM gone)
            WHERE tenant_id = :tenant AND target = :target
            RETURNING (SELECT count(*) FROM gone)
            """)
        .param("step", COMPACTION_STEP)
        .param("tenant", tenant.value())
        .param("target", target)
        .query(Integer.class)
        .optional()
        .orElse(0);
  }

  /** Delivered rows after {@code after}, in the order the store received them. */
  List<Delivered> after(TenantId tenant, String target, Position after, int limit) {
    return jdbc.sql(
            """
            SELECT seq, payload, delivered FROM outbox
            WHERE tenant_id = :tenant AND target = :target AND delivered IS NOT NULL
              AND (delivered, seq) > (:delivered, :seq)
            ORDER BY delivered, seq LIMIT :limit
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .param("delivered", after.delivered())
        .param("seq", after.seq())
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Delivered(
                    new OutboxRow(rs.getLong(1), rs.getString(2)),
                    new Position(rs.getLong(3), rs.getLong(1))))
        .list();
  }

  /** The delivered rows after {@code after} wait again: the store had no room for them. */
  void undeliver(TenantId tenant, String target, Position after) {
    jdbc.sql(
            """
            UPDATE outbox SET delivered = NULL
            WHERE tenant_id = :tenant AND target = :target AND delivered IS NOT NULL
              AND (delivered, seq) > (:delivered, :seq)
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .param("delivered", after.delivered())
        .param("seq", after.seq())
        .update();
  }

  /** Every store PostgreSQL recorded anything of. */
  List<Mark> marks() {
    return jdbc.sql("SELECT tenant_id, target, delivered, consumed, rebuilding FROM outbox_marks")
        .query(
            (rs, n) ->
                new Mark(
                    new TenantId(rs.getLong(1)),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getBoolean(5)))
        .list();
  }

  /** The tenants with a mark: those whose rows a retaining target kept. */
  List<TenantId> markedTenants() {
    return jdbc.sql("SELECT DISTINCT tenant_id FROM outbox_marks")
        .query((rs, n) -> new TenantId(rs.getLong(1)))
        .list();
  }

  /**
   * Deletes a tenant's outbox rows, of every target, a step at a time, then its marks.
   *
   * @return how many rows were deleted
   */
  long purge(TenantId tenant) {
    long deleted = 0;
    int step;
    do {
      step =
          jdbc.sql(
                  """
                  DELETE FROM outbox WHERE seq IN
                    (SELECT seq FROM outbox WHERE tenant_id = :tenant LIMIT :step)
                  """)
              .param("tenant", tenant.value())
              .param("step", COMPACTION_STEP)
              .update();
      deleted += step;
    } while (step == COMPACTION_STEP);
    jdbc.sql("DELETE FROM outbox_marks WHERE tenant_id = :tenant")
        .param("tenant", tenant.value())
        .update();
    return deleted;
  }
}
