package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.RetainingTarget.Marks;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox rows a {@link dev.allegro.outbox.RetainingTarget} took and its consumer has not
 * removed yet, with {@code outbox_marks}: per tenant and target, the last relay pass the store
 * confirmed, and removals not yet matched with rows.
 */
@Repository
public class RetainedRows {

  private final JdbcClient jdbc;

  RetainedRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A tenant's store and the last relay pass PostgreSQL recorded it holding. */
  record Mark(TenantId tenant, String target, long delivered) {}

  /** A delivered row's place in the store: by relay pass, then seq. */
  record Position(long delivered, long seq) {
    static final Position START = new Position(0, 0);
  }

  /** A number for the next relay pass, and the mark recorded last. */
  Marks begin(TenantId tenant, String target) {
    return jdbc.sql(
            """
            SELECT coalesce((SELECT delivered FROM outbox_marks
                             WHERE tenant_id = :tenant AND target = :target), 0),
                   nextval('outbox_delivery')
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .query((rs, n) -> new Marks(rs.getLong(1), rs.getLong(2)))
        .single();
  }

  /**
   * Marks rows delivered by pass {@code pass}, and records the pass as the store's mark.
   *
   * @return removals the consumer made that are not matched with rows yet
   */
  long delivered(TenantId tenant, String target, List<Long> seqs, long pass) {
    return jdbc.sql(
            """
            WITH marked AS (
              UPDATE outbox SET delivered = :pass WHERE seq = ANY(:seqs)
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

  /** Records a pass the store now holds without new rows (a rebuilt store's mark). */
  void recorded(TenantId tenant, String target, long pass) {
    delivered(tenant, target, List.of(), pass);
  }

  /** The consumer removed {@code count} items from the front of the store. */
  public void consumed(TenantId tenant, String target, long count) {
    jdbc.sql(
            """
            UPDATE outbox_marks SET consumed = consumed + :count
            WHERE tenant_id = :tenant AND target = :target
            """)
        .param("count", count)
        .param("tenant", tenant.value())
        .param("target", target)
        .update();
    compact(tenant, target);
  }

  /**
   * Deletes the oldest delivered rows the consumer removed. Concurrent calls delete each row once:
   * the second finds the rows gone and subtracts nothing.
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
              LIMIT coalesce((SELECT consumed FROM outbox_marks
                              WHERE tenant_id = :tenant AND target = :target), 0)
            ), gone AS (
              DELETE FROM outbox WHERE seq IN (SELECT seq FROM removed) RETURNING seq
            )
            UPDATE outbox_marks SET consumed = consumed - (SELECT count(*) FROM gone)
            WHERE tenant_id = :tenant AND target = :target
            RETURNING (SELECT count(*) FROM gone)
            """)
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

  /** A delivered row and its place. */
  record Delivered(OutboxRow row, Position position) {}

  /** Every store PostgreSQL recorded a pass for. */
  List<Mark> marks() {
    return jdbc.sql("SELECT tenant_id, target, delivered FROM outbox_marks")
        .query((rs, n) -> new Mark(new TenantId(rs.getLong(1)), rs.getString(2), rs.getLong(3)))
        .list();
  }
}
