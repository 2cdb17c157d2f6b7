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

  /** A row to append: one committed item for one target. */
  public record NewRow(TenantId tenant, String target, String json) {}

  record Pending(TenantId tenant, String target) {}

  public void append(List<NewRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO outbox (tenant_id, target, payload)
            SELECT * FROM unnest(:tenants::bigint[], :targets::text[], :payloads::text[])
            """)
        .param("tenants", rows.stream().map(r -> r.tenant().value()).toArray(Long[]::new))
        .param("targets", rows.stream().map(NewRow::target).toArray(String[]::new))
        .param("payloads", rows.stream().map(NewRow::json).toArray(String[]::new))
        .update();
  }

  @Override
  public List<OutboxRow> next(TenantId tenant, String target, int limit) {
    return jdbc.sql(
            """
            SELECT seq, payload FROM outbox
            WHERE tenant_id = :tenant AND target = :target AND delivered IS NULL
            ORDER BY seq LIMIT :limit
            """)
        .param("tenant", tenant.value())
        .param("target", target)
        .param("limit", limit)
        .query((rs, n) -> new OutboxRow(rs.getLong(1), rs.getString(2)))
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
            SELECT target, count(*), extract(epoch FROM now() - min(created_at))
            FROM outbox WHERE delivered IS NULL GROUP BY target
            """)
        .query(
            rs -> {
              waiting.put(
                  rs.getString(1), new OutboxGauges.Waiting(rs.getLong(2), rs.getDouble(3)));
            });
    return waiting;
  }

  /** A tenant's rows for a target: how many, and the oldest's item. */
  public Outbox.Waiting waiting(TenantId tenant, String target) {
    return jdbc.sql(
            """
            SELECT count(*),
                   (SELECT payload FROM outbox
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
