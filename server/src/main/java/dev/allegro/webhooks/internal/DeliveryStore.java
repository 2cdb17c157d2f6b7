package dev.allegro.webhooks.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code webhook_deliveries} and {@code webhook_attempts} tables. */
@Repository
class DeliveryStore {

  private static final String COLUMNS =
      "id, endpoint_id, event_id, event_type, payload, status, created_at";

  /** A delivery to create; {@code outboxSeq} null for one no outbox row made (a ping). */
  record NewDelivery(
      UUID endpointId, UUID eventId, String eventType, Long outboxSeq, String payload) {}

  /** An event sent again by a replay, with the id its delivery takes. */
  record Replayed(UUID id, UUID eventId, String eventType, String payload) {}

  // Time-ordered ids: a batch's deliveries are queued in id order, so they keep the events' order.
  static final TimeBasedEpochGenerator ORDERED = Generators.timeBasedEpochGenerator();

  private final JdbcClient jdbc;

  DeliveryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates the deliveries in one statement, skipping each one an earlier pass made of the same
   * outbox row.
   */
  void insert(List<NewDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, outbox_seq,
                payload)
            SELECT i::uuid, n::uuid, e::uuid, t, s::bigint, p
            FROM unnest(:ids::text[], :endpoints::text[], :events::text[], :types::text[],
                :seqs::text[], :payloads::text[]) AS x(i, n, e, t, s, p)
            ON CONFLICT (endpoint_id, outbox_seq) DO NOTHING
            """)
        .param(
            "ids",
            deliveries.stream().map(d -> ORDERED.generate().toString()).toArray(String[]::new))
        .param(
            "endpoints",
            deliveries.stream().map(d -> d.endpointId().toString()).toArray(String[]::new))
        .param(
            "events", deliveries.stream().map(d -> d.eventId().toString()).toArray(String[]::new))
        .param("types", deliveries.stream().map(NewDelivery::eventType).toArray(String[]::new))
        .param(
            "seqs",
            deliveries.stream()
                .map(d -> d.outboxSeq() == null ? null : d.outboxSeq().toString())
                .toArray(String[]::new))
        .param("payloads", deliveries.stream().map(NewDelivery::payload).toArray(String[]::new))
        .update();
  }

  /**
   * @return the new delivery's id
   */
  UUID insert(NewDelivery d) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, outbox_seq,"
                + " payload) VALUES (:id, :endpoint, :event, :type, :seq, :payload)"
                + " ON CONFLICT (endpoint_id, outbox_seq) DO NOTHING")
        .param("id", id)
        .param("endpoint", d.endpointId())
        .param("event", d.eventId())
        .param("type", d.eventType())
        .param("seq", d.outboxSeq())
        .param("payload", d.payload())
        .update();
    return id;
  }

  /**
   * Creates a delivery to {@code endpoint} for each replayed event that has no pending delivery to
   * it yet; one replay at a time per endpoint (its row is locked), so two cannot both pass.
   *
   * @return how many it created
   */
  @Transactional
  int insertUnlessPending(UUID endpoint, List<Replayed> replayed) {
    if (replayed.isEmpty()) {
      return 0;
    }
    jdbc.sql("SELECT id FROM webhook_endpoints WHERE id = :endpoint FOR UPDATE")
        .param("endpoint", endpoint)
        .query(UUID.class)
        .list();
    return jdbc.sql(
            """
            INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload)
            SELECT i::uuid, :endpoint, e::uuid, t, p
            FROM unnest(:ids::text[], :events::text[], :types::text[], :payloads::text[])
              AS x(i, e, t, p)
            WHERE e::uuid NOT IN (SELECT event_id FROM webhook_deliveries
                                  WHERE endpoint_id = :endpoint AND status = 'pending')
            """)
        .param("endpoint", endpoint)
        .param("ids", replayed.stream().map(r -> r.id().toString()).toArray(String[]::new))
        .param("events", replayed.stream().map(r -> r.eventId().toString()).toArray(String[]::new))
        .param("types", replayed.stream().map(Replayed::eventType).toArray(String[]::new))
        .param("payloads", replayed.stream().map(Replayed::payload).toArray(String[]::new))
        .update();
  }

  Optional<Delivery> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = :id")
        .param("id", id)
        .query((rs, n) -> delivery(rs, attempts(rs.getObject("id", UUID.class))))
        .optional();
  }

  /**
   * A delivery about to be attempted: its row (without its attempts), how many attempts it has, and
   * its endpoint (null when gone), read in one query.
   */
  record Due(Delivery delivery, int attemptsMade, Endpoint endpoint) {}

  /**
   * The delivery, its attempt count and its endpoint in one round trip: a worker reads them before
   * every attempt, and three queries made that read a third of a delivery's round trips.
   */
  Optional<Due> due(UUID id) {
    return jdbc.sql(
            "SELECT d.id AS d_id, d.endpoint_id AS d_endpoint_id, d.event_id AS d_event_id,"
                + " d.event_type AS d_event_type, d.payload AS d_payload, d.status AS d_status,"
                + " d.created_at AS d_created_at,"
                + " (SELECT count(*) FROM webhook_attempts a WHERE a.delivery_id = d.id)"
                + " AS d_attempts, "
                + EndpointStore.COLUMNS_OF_E
                + " FROM webhook_deliveries d LEFT JOIN webhook_endpoints e"
                + " ON e.id = d.endpoint_id WHERE d.id = :id")
        .param("id", id)
        .query(
            (rs, n) ->
                new Due(
                    new Delivery(
                        rs.getObject("d_id", UUID.class),
                        rs.getObject("d_endpoint_id", UUID.class),
                        rs.getObject("d_event_id", UUID.class),
                        rs.getString("d_event_type"),
                        rs.getString("d_payload"),
                        Delivery.Status.valueOf(rs.getString("d_status").toUpperCase(Locale.ROOT)),
                        rs.getTimestamp("d_created_at").toInstant(),
                        List.of()),
                    rs.getInt("d_attempts"),
                    rs.getObject("id", UUID.class) == null ? null : EndpointStore.endpoint(rs, n)))
        .optional();
  }

  /** The endpoint's latest deliveries, newest first, each with its attempts. */
  List<Delivery> latest(UUID endpoint, int limit) {
    var found =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM webhook_deliveries WHERE endpoint_id = :endpoint"
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit")
            .param("endpoint", endpoint)
            .param("limit", limit)
            .query((rs, n) -> delivery(rs, List.of()))
            .list();
    var withAttempts = new ArrayList<Delivery>();
    for (Delivery d : found) {
      withAttempts.add(
          new Delivery(
              d.id(),
              d.endpointId(),
              d.eventId(),
              d.eventType(),
              d.payload(),
              d.status(),
              d.createdAt(),
              attempts(d.id())));
    }
    return withAttempts;
  }

  void record(UUID delivery, Delivery.Attempt attempt) {
    jdbc.sql(
            "INSERT INTO webhook_attempts (delivery_id, attempt, status_code, duration_ms, error,"
                + " body, attempted_at) VALUES (:delivery, :attempt, :status, :duration, :error,"
                + " :body, :at) ON CONFLICT (delivery_id, attempt) DO NOTHING")
        .param("delivery", delivery)
        .param("attempt", attempt.attempt())
        .param("status", attempt.statusCode())
        .param("duration", (int) Math.min(Integer.MAX_VALUE, attempt.durationMs()))
        .param("error", attempt.error())
        .param("body", attempt.body())
        .param("at", Timestamp.from(attempt.attemptedAt()))
        .update();
  }

  /**
   * Records a delivered attempt, settles the delivery and clears the endpoint's failing streak, in
   * one statement (one round trip, one commit). The endpoint's row is written only when it was
   * failing: every delivery to an endpoint ends here, and an update of its one row each time would
   * queue all of them on that row's lock (the benchmark's 5 workers delivered ~500/s that way).
   */
  void delivered(UUID delivery, UUID endpoint, Delivery.Attempt attempt) {
    jdbc.sql(
            "WITH recorded AS (INSERT INTO webhook_attempts (delivery_id, attempt, status_code,"
                + " duration_ms, error, body, attempted_at) VALUES (:delivery, :attempt, :status,"
                + " :duration, :error, :body, :at) ON CONFLICT (delivery_id, attempt) DO NOTHING),"
                + " answered AS (UPDATE webhook_endpoints SET failing_since = NULL"
                + " WHERE id = :endpoint AND failing_since IS NOT NULL)"
                + " UPDATE webhook_deliveries SET status = 'delivered' WHERE id = :delivery")
        .param("delivery", delivery)
        .param("endpoint", endpoint)
        .param("attempt", attempt.attempt())
        .param("status", attempt.statusCode())
        .param("duration", (int) Math.min(Integer.MAX_VALUE, attempt.durationMs()))
        .param("error", attempt.error())
        .param("body", attempt.body())
        .param("at", Timestamp.from(attempt.attemptedAt()))
        .update();
  }

  /**
   * Deletes up to {@code limit} settled deliveries created before {@code cutoff}, with their
   * attempts.
   *
   * @return how many it deleted
   */
  int deleteSettledBefore(Instant cutoff, int limit) {
    return jdbc.sql(
            "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries"
                + " WHERE created_at < :cutoff AND status <> 'pending' LIMIT :limit)")
        .param("cutoff", Timestamp.from(cutoff))
        .param("limit", limit)
        .update();
  }

  void status(UUID delivery, Delivery.Status status) {
    jdbc.sql("UPDATE webhook_deliveries SET status = :status WHERE id = :id")
        .param("id", delivery)
        .param("status", status.column())
        .update();
  }

  private List<Delivery.Attempt> attempts(UUID delivery) {
    return jdbc.sql(
            "SELECT attempt, status_code, duration_ms, error, body, attempted_at"
                + " FROM webhook_attempts WHERE delivery_id = :delivery ORDER BY attempt")
        .param("delivery", delivery)
        .query(
            (rs, n) ->
                new Delivery.Attempt(
                    rs.getInt("attempt"),
                    (Integer) rs.getObject("status_code"),
                    rs.getLong("duration_ms"),
                    rs.getString("error"),
                    rs.getString("body"),
                    rs.getTimestamp("attempted_at").toInstant()))
        .list();
  }

  private static Delivery delivery(ResultSet rs, List<Delivery.Attempt> attempts)
      throws SQLException {
    return new Delivery(
        rs.getObject("id", UUID.class),
        rs.getObject("endpoint_id", UUID.class),
        rs.getObject("event_id", UUID.class),
        rs.getString("event_type"),
        rs.getString("payload"),
        Delivery.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getTimestamp("created_at").toInstant(),
        attempts);
  }
}
