package dev.allegro.jobs.internal;

import dev.allegro.jobs.FailedJob;
import dev.allegro.jobs.JobId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code failed_jobs} table. */
@Component
public class FailedJobStore {

  private final JdbcClient jdbc;
  private final Clock clock;

  FailedJobStore(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void insert(
      JobId uuid, String connection, String queue, String payload, String exception) {
    jdbc.sql(
            """
            INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at)
            VALUES (:uuid, :connection, :queue, :payload, :exception, :failedAt)
            ON CONFLICT (uuid) DO UPDATE SET connection = excluded.connection,
              queue = excluded.queue, payload = excluded.payload,
              exception = excluded.exception, failed_at = excluded.failed_at
            """)
        .param("uuid", uuid.value())
        .param("connection", connection)
        .param("queue", queue)
        .param("payload", payload)
        .param("exception", exception)
        .param("failedAt", Timestamp.from(clock.instant()))
        .update();
  }

  public long countSince(java.time.Instant since) {
    return jdbc.sql("SELECT count(*) FROM failed_jobs WHERE failed_at >= :since")
        .param("since", Timestamp.from(since))
        .query(Long.class)
        .single();
  }

  /** Newest first. */
  public List<FailedJob> list(int limit) {
    return jdbc.sql("SELECT * FROM failed_jobs ORDER BY failed_at DESC, id DESC LIMIT :limit")
        .param("limit", limit)
        .query(FailedJobStore::row)
        .list();
  }

  /** Every failed job's uuid, oldest first. */
  public List<JobId> ids() {
    return jdbc.sql("SELECT uuid FROM failed_jobs ORDER BY failed_at, id")
        .query((row, n) -> new JobId(row.getObject("uuid", UUID.class)))
        .list();
  }

  public Optional<FailedJob> find(JobId uuid) {
    return jdbc.sql("SELECT * FROM failed_jobs WHERE uuid = :uuid")
        .param("uuid", uuid.value())
        .query(FailedJobStore::row)
        .optional();
  }

  public boolean delete(JobId uuid) {
    return jdbc.sql("DELETE FROM failed_jobs WHERE uuid = :uuid")
            .param("uuid", uuid.value())
            .update()
        == 1;
  }

  public int deleteAll() {
    return jdbc.sql("DELETE FROM failed_jobs").update();
  }

  private static FailedJob row(ResultSet rs, int rowNum) throws SQLException {
    return new FailedJob(
        rs.getLong("id"),
        new JobId(rs.getObject("uuid", UUID.class)),
        rs.getString("connection"),
        rs.getString("queue"),
        rs.getString("payload"),
        rs.getString("exception"),
        rs.getTimestamp("failed_at").toInstant());
  }
}
