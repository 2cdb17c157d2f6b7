package dev.allegro.tracking.internal;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a group of events and heartbeats in one transaction: a repeat of a client id seen in the
 * last 24 hours is dropped, the rest inserted with one statement, and everything committed handed
 * to the outbox in the same transaction (which of its targets take what is theirs to say).
 */
@Repository
class EventStore {

  private static final String INSERT_EVENTS =
      """
      INSERT INTO events (id, tenant_id, type, session_id, device_id, audience_member_id, url,
          page_hostname, page_path, referer, page_title, content_type, content_id, publisher,
          object_type, object_id, context, data, event_sequence, user_agent, ip_address,
          created_at, client_created_at, received_at)
      SELECT id::uuid, tenant_id::bigint, type, session_id, device_id, audience_member_id, url,
          page_hostname, page_path, referer, page_title, content_type, content_id, publisher,
          object_type, object_id, context::jsonb, data::jsonb, event_sequence::integer,
          user_agent, ip_address, created_at::timestamptz, client_created_at::timestamptz,
          received_at::timestamptz
      FROM unnest(:c0::text[], :c1::text[], :c2::text[], :c3::text[], :c4::text[], :c5::text[],
          :c6::text[], :c7::text[], :c8::text[], :c9::text[], :c10::text[], :c11::text[],
          :c12::text[], :c13::text[], :c14::text[], :c15::text[], :c16::text[], :c17::text[],
          :c18::text[], :c19::text[], :c20::text[], :c21::text[], :c22::text[], :c23::text[])
        AS t(id, tenant_id, type, session_id, device_id, audience_member_id, url, page_hostname,
          page_path, referer, page_title, content_type, content_id, publisher, object_type,
          object_id, context, data, event_sequence, user_agent, ip_address, created_at,
          client_created_at, received_at)
      """;

  private static final List<Function<PreparedEvent, Object>> COLUMNS =
      List.of(
          PreparedEvent::id,
          e -> e.tenant().value(),
          PreparedEvent::type,
          PreparedEvent::sessionId,
          PreparedEvent::deviceId,
          PreparedEvent::audienceMemberId,
          PreparedEvent::url,
          PreparedEvent::pageHostname,
          PreparedEvent::pagePath,
          PreparedEvent::referer,
          PreparedEvent::pageTitle,
          PreparedEvent::contentType,
          PreparedEvent::contentId,
          PreparedEvent::publisher,
          PreparedEvent::objectType,
          PreparedEvent::objectId,
          PreparedEvent::context,
          PreparedEvent::data,
          PreparedEvent::eventSequence,
          PreparedEvent::userAgent,
          PreparedEvent::ipAddress,
          PreparedEvent::createdAt,
          PreparedEvent::clientCreatedAt,
          PreparedEvent::receivedAt);

  private final JdbcClient jdbc;
  private final Outbox outbox;

  EventStore(JdbcClient jdbc, Outbox outbox) {
    this.jdbc = jdbc;
    this.outbox = outbox;
  }

  /**
   * Writers commit side by side (on one node and on many), so the rows two groups may share (a
   * client id sent again, a page view's beats) are locked in one order, by key: two transactions
   * then wait for each other, never deadlock.
   *
   * @return what waits in the outbox, for the relay to hand on after the commit
   */
  @Transactional
  public Set<Outbox.Pending> write(List<PreparedEvent> events, List<PageHeartbeat> beats) {
    List<PreparedEvent> fresh = withoutRepeats(events);
    var items = new ArrayList<Committed>(fresh.size() + beats.size());
    if (!fresh.isEmpty()) {
      var statement = jdbc.sql(INSERT_EVENTS);
      for (int c = 0; c < COLUMNS.size(); c++) {
        var column = COLUMNS.get(c);
        statement =
            statement.param(
                "c" + c,
                fresh.stream()
                    .map(column)
                    .map(v -> v == null ? null : v.toString())
                    .toArray(String[]::new));
      }
      statement.update();
      for (PreparedEvent e : fresh) {
        items.add(
            new Committed.Event(
                e.tenant(),
                e.id(),
                e.type(),
                e.audienceMemberId(),
                EventParser.QUEUE_TIME.format(e.createdAt()),
                e.payload()));
      }
    }
    if (!beats.isEmpty()) {
      upsertEngagements(beats);
      for (PageHeartbeat b : beats) {
        items.add(new Committed.Heartbeat(b.tenant(), b.eventId(), b.at(), b.payload()));
      }
    }
    return items.isEmpty() ? Set.of() : outbox.append(items);
  }

  /**
   * Drops events whose client id this tenant sent in the last 24 hours, or earlier in the group.
   */
  private List<PreparedEvent> withoutRepeats(List<PreparedEvent> events) {
    List<PreparedEvent> claimed = events.stream().filter(PreparedEvent::clientSuppliedId).toList();
    if (claimed.isEmpty()) {
      return events;
    }
    record Key(long tenant, String id) {}
    Set<Key> inserted =
        new HashSet<>(
            jdbc.sql(
                    """
                    INSERT INTO event_client_ids (tenant_id, id, received_at)
                    SELECT t::bigint, i::uuid, r::timestamptz
                    FROM unnest(:tenants::text[], :ids::text[], :received::text[]) AS u(t, i, r)
                    ORDER BY t, i
                    ON CONFLICT DO NOTHING
                    RETURNING tenant_id, id
                    """)
                .param(
                    "tenants",
                    claimed.stream().map(e -> e.tenant().toString()).toArray(String[]::new))
                .param("ids", claimed.stream().map(e -> e.id().toString()).toArray(String[]::new))
                .param(
                    "received",
                    claimed.stream().map(e -> e.receivedAt().toString()).toArray(String[]::new))
                .query((rs, n) -> new Key(rs.getLong(1), rs.getString(2)))
                .list());
    return events.stream()
        .filter(
            e ->
                !e.clientSuppliedId()
                    || inserted.remove(new Key(e.tenant().value(), e.id().toString())))
        .toList();
  }

  /** The latest beat per page view wins, in the group and against what is stored. */
  private void upsertEngagements(List<PageHeartbeat> beats) {
    record Key(long tenant, UUID event) {}
    var latest = new LinkedHashMap<Key, PageHeartbeat>();
    for (PageHeartbeat beat : beats) {
      latest.merge(
          new Key(beat.tenant().value(), beat.eventId()),
          beat,
          (a, b) -> b.at().isBefore(a.at()) ? a : b);
    }
    var rows = latest.values();
    jdbc.sql(
            """
            INSERT INTO page_engagements (tenant_id, event_id, active_seconds, updated_at)
            SELECT t::bigint, e::uuid, s::integer, u::timestamptz
            FROM unnest(:tenants::text[], :events::text[], :seconds::text[], :at::text[])
              AS x(t, e, s, u)
            ORDER BY t, e
            ON CONFLICT (tenant_id, event_id) DO UPDATE
            SET active_seconds = excluded.active_seconds, updated_at = excluded.updated_at
            WHERE page_engagements.updated_at <= excluded.updated_at
            """)
        .param("tenants", rows.stream().map(b -> b.tenant().toString()).toArray(String[]::new))
        .param("events", rows.stream().map(b -> b.eventId().toString()).toArray(String[]::new))
        .param(
            "seconds",
            rows.stream().map(b -> Integer.toString(b.activeSeconds())).toArray(String[]::new))
        .param("at", rows.stream().map(b -> b.at().toString()).toArray(String[]::new))
        .update();
  }

  int forgetClientIdsBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM event_client_ids WHERE received_at < :cutoff")
        .param("cutoff", java.sql.Timestamp.from(cutoff))
        .update();
  }
}
