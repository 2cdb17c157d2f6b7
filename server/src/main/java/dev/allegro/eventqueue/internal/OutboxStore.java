package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.OutboxItem;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.tenancy.TenantId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code queue_outbox} table: items committed but not yet on their Redis queue. */
@Repository
public class OutboxStore implements OutboxDrain.Rows, OutboxGauges.Backlog {

  private final JdbcClient jdbc;

  OutboxStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Row(long seq, String payload) {}

  record Pending(TenantId tenant, QueueKind queue) {}

  public void append(List<OutboxItem> items) {
    if (items.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO queue_outbox (tenant_id, queue, payload)
            SELECT * FROM unnest(:tenants::bigint[], :queues::text[], :payloads::text[])
            """)
        .param("tenants", items.stream().map(i -> i.tenant().value()).toArray(Long[]::new))
        .param("queues", items.stream().map(i -> i.queue().key()).toArray(String[]::new))
        .param("payloads", items.stream().map(OutboxItem::payload).toArray(String[]::new))
        .update();
  }

  @Override
  public List<Row> next(TenantId tenant, QueueKind queue, int limit) {
    return jdbc.sql(
            """
            SELECT seq, payload FROM queue_outbox
            WHERE tenant_id = :tenant AND queue = :queue ORDER BY seq LIMIT :limit
            """)
        .param("tenant", tenant.value())
        .param("queue", queue.key())
        .param("limit", limit)
        .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2)))
        .list();
  }

  @Override
  public void delete(List<Long> seqs) {
    jdbc.sql("DELETE FROM queue_outbox WHERE seq = ANY(:seqs)")
        .param("seqs", seqs.toArray(Long[]::new))
        .update();
  }

  /** One pass over the outbox: rows and the oldest's age (by the database's clock) per queue. */
  @Override
  public Map<QueueKind, OutboxGauges.Waiting> waiting() {
    var waiting = new EnumMap<QueueKind, OutboxGauges.Waiting>(QueueKind.class);
    jdbc.sql(
            """
            SELECT queue, count(*), extract(epoch FROM now() - min(created_at))
            FROM queue_outbox GROUP BY queue
            """)
        .query(
            rs -> {
              waiting.put(
                  kind(rs.getString(1)), new OutboxGauges.Waiting(rs.getLong(2), rs.getDouble(3)));
            });
    return waiting;
  }

  List<Pending> pending() {
    return jdbc.sql("SELECT DISTINCT tenant_id, queue FROM queue_outbox")
        .query((rs, n) -> new Pending(new TenantId(rs.getLong(1)), kind(rs.getString(2))))
        .list();
  }

  private static QueueKind kind(String key) {
    return QueueKind.valueOf(key.toUpperCase(Locale.ROOT));
  }
}
