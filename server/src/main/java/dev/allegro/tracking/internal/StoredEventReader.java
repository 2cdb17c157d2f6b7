package dev.allegro.tracking.internal;

import dev.allegro.tenancy.TenantId;
import dev.allegro.tracking.StoredEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code events} table read back in interaction-time order (its partitions are by month). */
@Repository
class StoredEventReader implements StoredEvents {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  StoredEventReader(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  private static final String COLUMNS =
      "SELECT id, type, session_id, audience_member_id, url, page_hostname, page_path,"
          + " user_agent, ip_address, event_sequence, created_at, data::text AS data,"
          + " received_at FROM events";

  @Override
  public List<Stored> between(
      TenantId tenant, Instant from, Instant to, Set<String> types, int limit) {
    return jdbc.sql(
            COLUMNS
                + """
                 WHERE tenant_id = :tenant AND created_at >= :from AND created_at < :to
                  AND (cardinality(:types::text[]) = 0 OR type = ANY(:types::text[]))
                ORDER BY created_at, id
                LIMIT :limit
                """)
        .param("tenant", tenant.value())
        .param("from", Timestamp.from(from))
        .param("to", Timestamp.from(to))
        .param("types", types.toArray(String[]::new))
        .param("limit", limit)
        .query(this::stored)
        .list();
  }

  /**
   * An event's interaction time is at most {@link EventParser#MAX_BEHIND} before it was received
   * and {@link EventParser#MAX_AHEAD} after, so the walk reads the primary key's range those bounds
   * give, in its order.
   */
  @Override
  public List<Stored> receivedBetween(
      TenantId tenant, Instant from, Instant to, Set<String> types, Stored after, int limit) {
    Instant afterTime = after == null ? Instant.EPOCH : after.createdAt();
    return jdbc.sql(
            COLUMNS
                + """
                 WHERE tenant_id = :tenant
                  AND created_at >= :earliest AND created_at < :latest
                  AND (created_at, id) > (:afterTime, :afterId)
                  AND received_at >= :from AND received_at < :to
                  AND (cardinality(:types::text[]) = 0 OR type = ANY(:types::text[]))
                ORDER BY created_at, id
                LIMIT :limit
                """)
        .param("tenant", tenant.value())
        .param("earliest", Timestamp.from(from.minus(EventParser.MAX_BEHIND)))
        .param("latest", Timestamp.from(to.plus(EventParser.MAX_AHEAD)))
        .param("afterTime", Timestamp.from(afterTime))
        .param("afterId", after == null ? new UUID(0, 0) : after.id())
        .param("from", Timestamp.from(from))
        .param("to", Timestamp.from(to))
        .param("types", types.toArray(String[]::new))
        .param("limit", limit)
        .query(this::stored)
        .list();
  }

  private Stored stored(ResultSet rs, int row) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    String type = rs.getString("type");
    Instant createdAt = rs.getTimestamp("created_at").toInstant();
    String data = rs.getString("data");
    return new Stored(
        id,
        type,
        createdAt,
        EventParser.QUEUE_TIME.format(createdAt),
        QueueJson.of(
            json,
            id,
            type,
            rs.getString("session_id"),
            rs.getString("audience_member_id"),
            rs.getString("url"),
            rs.getString("page_hostname"),
            rs.getString("page_path"),
            rs.getString("user_agent"),
            rs.getString("ip_address"),
            (Integer) rs.getObject("event_sequence"),
            createdAt,
            data == null ? null : json.readTree(data)),
        rs.getTimestamp("received_at").toInstant());
  }
}
