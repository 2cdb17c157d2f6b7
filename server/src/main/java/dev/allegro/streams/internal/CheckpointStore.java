package dev.allegro.streams.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code subscription_checkpoints} table: what PostgreSQL knows of each queue's Redis stream,
 * to find one Redis lost and to rebuild it from where its consumer had acknowledged.
 */
@Repository
class CheckpointStore {

  /**
   * A queue and what was recorded of its stream.
   *
   * @param generation the stream's generation, or null when none was recorded yet
   * @param appended how many events it had taken (0 when nothing was recorded)
   * @param ackedThrough when the entry holding the last acknowledged event was appended, or null
   * @param rebuilt how many of the stream's first events a rebuild restored: until its consumer
   *     acknowledged past them, the acknowledged position stays where the rebuild started
   * @param queueCreatedAt when the queue was made
   * @param updatedAt when the record last changed (by PostgreSQL's clock), or null when there is
   *     none
   */
  record Checkpoint(
      UUID queue,
      String generation,
      long appended,
      Instant ackedThrough,
      long rebuilt,
      Instant queueCreatedAt,
      Instant updatedAt) {

    /** Where a rebuild starts: the acknowledged position, or the queue's start. */
    Instant position() {
      return ackedThrough != null ? ackedThrough : queueCreatedAt;
    }
  }

  private final JdbcClient jdbc;

  CheckpointStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  private static final String SELECT =
      """
      SELECT q.code, c.generation, coalesce(c.appended, 0), c.acked_through,
          coalesce(c.rebuilt, 0), q.created_at, c.updated_at
      FROM subscription_queues q LEFT JOIN subscription_checkpoints c ON c.queue_code = q.code
      """;

  /** Every queue, with what was recorded of it. */
  List<Checkpoint> all() {
    return jdbc.sql(SELECT + " ORDER BY q.code").query(CheckpointStore::checkpoint).list();
  }

  Optional<Checkpoint> find(UUID queue) {
    return jdbc.sql(SELECT + " WHERE q.code = :queue")
        .param("queue", queue)
        .query(CheckpointStore::checkpoint)
        .optional();
  }

  /**
   * A queue's stream as read now.
   *
   * @param expected the generation recorded when it was read: a rebuild that recorded another since
   *     wins, and this reading is dropped
   * @param ackedThrough null to keep the one recorded
   */
  record Reading(
      UUID queue, String expected, String generation, long appended, Instant ackedThrough) {}

  /** Records the readings; a queue deleted meanwhile is left out. */
  void record(List<Reading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            WITH r AS (
                SELECT * FROM unnest(:queues::uuid[], :generations::text[], :appended::bigint[],
                    :acked::timestamptz[], :expected::text[])
                    AS r (queue, generation, appended, acked_through, expected)),
            updated AS (
                UPDATE subscription_checkpoints c SET
                    generation = r.generation,
                    appended = r.appended,
                    acked_through = coalesce(r.acked_through, c.acked_through),
                    updated_at = now()
                FROM r WHERE c.queue_code = r.queue AND c.generation = r.expected)
            INSERT INTO subscription_checkpoints (queue_code, generation, appended, acked_through)
            SELECT r.queue, r.generation, r.appended, r.acked_through FROM r
            WHERE r.expected IS NULL
              AND EXISTS (SELECT 1 FROM subscription_queues q WHERE q.code = r.queue)
            ON CONFLICT (queue_code) DO NOTHING
            """)
        .param("queues", readings.stream().map(Reading::queue).toArray(UUID[]::new))
        .param("generations", readings.stream().map(Reading::generation).toArray(String[]::new))
        .param("appended", readings.stream().map(Reading::appended).toArray(Long[]::new))
        .param(
            "acked",
            readings.stream()
                .map(r -> r.ackedThrough() == null ? null : Timestamp.from(r.ackedThrough()))
                .toArray(Timestamp[]::new))
        .param("expected", readings.stream().map(Reading::expected).toArray(String[]::new))
        .update();
  }

  /** What a recorded generation is set to for its stream to count as lost. */
  static final String LOST = "lost";

  /**
   * Marks every queue that took events as lost (its generation no longer matches its stream's), for
   * the next check to rebuild, but one rebuilt since Redis came back: two seconds are allowed for
   * {@code since}, which is known to the second and taken a second late.
   *
   * @return how many
   */
  int markLost(Instant since) {
    return jdbc.sql(
            """
            UPDATE subscription_checkpoints SET generation = :lost, updated_at = now()
            WHERE appended > 0
              AND (rebuilt_at IS NULL OR rebuilt_at < :since::timestamptz - interval '2 seconds')
            """)
        .param("lost", LOST)
        .param("since", Timestamp.from(since))
        .update();
  }

  /**
   * Marks one queue lost, for the next check to rebuild: a pull met an event whose payload Redis
   * lost. Not one rebuilt in the last seconds, which a pull that read before the rebuild may still
   * report, nor one no check recorded yet (the next pull finds the loss again).
   *
   * @return whether it was marked now
   */
  boolean markLost(UUID queue) {
    return jdbc.sql(
                """
            UPDATE subscription_checkpoints SET generation = :lost, updated_at = now()
            WHERE queue_code = :queue AND appended > 0 AND generation <> :lost
              AND (rebuilt_at IS NULL OR rebuilt_at < now() - interval '5 seconds')
            """)
            .param("queue", queue)
            .param("lost", LOST)
            .update()
        > 0;
  }

  /**
   * A rebuilt stream: its events were received from {@code from} on, and another loss before its
   * consumer acknowledged past them starts there again. Not recorded when Redis lost data again
   * while the rebuild ran (the queue was {@linkplain #markLost marked lost} after the rebuild read
   * {@code read}): what it wrote may be gone, and the next check rebuilds the queue again.
   *
   * @return whether it was recorded
   */
  boolean rebuilt(UUID queue, String generation, long appended, Instant from, Checkpoint read) {
    return jdbc.sql(
                """
            INSERT INTO subscription_checkpoints
                (queue_code, generation, appended, acked_through, rebuilt, rebuilt_at)
            SELECT :queue, :generation, :appended, :from, :appended, now()
            WHERE EXISTS (SELECT 1 FROM subscription_queues q WHERE q.code = :queue)
            ON CONFLICT (queue_code) DO UPDATE SET
                generation = excluded.generation,
                appended = excluded.appended,
                acked_through = excluded.acked_through,
                rebuilt = excluded.rebuilt,
                rebuilt_at = now(),
                updated_at = now()
            WHERE subscription_checkpoints.generation <> :lost
               OR subscription_checkpoints.updated_at
                   <= coalesce(:read::timestamptz, '-infinity')
            """)
            .param("queue", queue)
            .param("generation", generation)
            .param("appended", appended)
            .param("from", Timestamp.from(from))
            .param("lost", LOST)
            .param("read", read.updatedAt() == null ? null : Timestamp.from(read.updatedAt()))
            .update()
        > 0;
  }

  private static Checkpoint checkpoint(ResultSet rs, int row) throws SQLException {
    var acked = rs.getObject(4, OffsetDateTime.class);
    var updated = rs.getObject(7, OffsetDateTime.class);
    return new Checkpoint(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getLong(3),
        acked == null ? null : acked.toInstant(),
        rs.getLong(5),
        rs.getObject(6, OffsetDateTime.class).toInstant(),
        updated == null ? null : updated.toInstant());
  }
}
