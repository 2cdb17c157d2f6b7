package dev.allegro.outbox.internal;

import dev.allegro.outbox.Outbox;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.tenancy.TenantId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code outbox} table: committed items not yet taken by their target, and (for a {@link
 * dev.allegro.outbox.RetainingTarget}) items taken but not yet removed by its consumer. Only the
 * former wait: every count here leaves the delivered rows out.
 */
@Repository
public class OutboxStore implements OutboxDrain.Rows, OutboxGauges.Backlog {

  private final JdbcClient jdbc;

  OutboxStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A row to append for one target: one committed item, or several, one per line.
   *
   * @param items how many it holds
   */
  public record NewRow(TenantId tenant, String target, String json, int items) {}

  record Pending(TenantId tenant, String target) {}

  public void append(List<NewRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO outbox (tenant_id, target, payload, items)
            SELECT * FROM unnest(:tenants::bigint[], :targets::text[], :payloads::text[],
                :items::integer[])
            """)
        .param("tenants", rows.stream().map(r -> r.tenant().value()).toArray(Long[]::new))
        .param("targets", rows.stream().map(NewRow::target).toArray(String[]::new))
        .param("payloads", rows.stream().map(NewRow::json).toArray(String[]::new))
        .param("items", rows.stream().map(NewRow::items).toArray(Integer[]::new))
        .update();
  }

  /**
   * The oldest rows holding at most {@code limit} items between them, but always the oldest one
   * (which may hold more); the rows' payloads past the limit are never read.
   */
  @Override
  public List<OutboxRow> next(TenantId tenant, String target, int limit) {
    return jdbc.sql(
            """
            SELECT seq, payload, items FROM (
                SELECT seq, payload, items, sum(items) OVER (ORDER BY seq) - items AS before
                FROM outbox
                WHERE tenant_id = :tenant AND target = :target AND delivered IS NULL
                ORDER BY seq LIMIT :limit) oldest
            WHERE before = 0 OR before + items <= :limit
            ORDER BY seq
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .param("limit", limit)
        .query((rs, n) -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getInt(3)))
        .list();
  }

  /** Every row of a tenant waiting for a target, oldest first. */
  public List<OutboxRow> waitingRows(TenantId tenant, String target) {
    return jdbc.sql(
            """
            SELECT seq, payload, items FROM outbox
            WHERE tenant_id = :tenant AND target = :target AND delivered IS NULL
            ORDER BY seq
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .query((rs, n) -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getInt(3)))
        .list();
  }

  @Override
  public void delete(List<Long> seqs) {
    jdbc.sql("DELETE FROM outbox WHERE seq = ANY(:seqs)")
        .param("seqs", seqs.toArray(Long[]::new))
        .update();
  }

  /** One pass over the outbox: rows and the oldest's age (by the database's clock) per target. */
  @Override
  public Map<String, OutboxGauges.Waiting> waiting() {
    var waiting = new HashMap<String, OutboxGauges.Waiting>();
    jdbc.sql(
            """
            SELECT target, sum(items), extract(epoch FROM now() - min(created_at))
            FROM outbox WHERE delivered IS NULL GROUP BY target
            """)
        .query(
            rs -> {
              waiting.put(
                  rs.getString(1), new OutboxGauges.Waiting(rs.getLong(2), rs.getDouble(3)));
            });
    return waiting;
  }

  /** A tenant's items waiting for a target: how many, and the oldest one. */
  public Outbox.Waiting waiting(TenantId tenant, String target) {
    return jdbc.sql(
            """
            SELECT coalesce(sum(items), 0),
                   (SELECT split_part(payload, E'\\n', 1) FROM outbox
                    WHERE tenant_id = :tenant AND target = :target AND delivered IS NULL
                    ORDER BY seq LIMIT 1)
            FROM outbox WHERE tenant_id = :tenant AND target = :target AND delivered IS NULL
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .query((rs, n) -> new Outbox.Waiting(rs.getLong(1), rs.getString(2)))
        .single();
  }

  List<Pending> pending() {
    return jdbc.sql("SELECT DISTINCT tenant_id, target FROM outbox WHERE delivered IS NULL")
        .query((rs, n) -> new Pending(new TenantId(rs.getLong(1)), rs.getString(2)))
        .list();
  }
}
