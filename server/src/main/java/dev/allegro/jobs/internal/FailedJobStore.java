package dev.allegro.jobs.internal;

import dev.allegro.jobs.FailedJob;
import dev.allegro.jobs.FailedJobFilter;
import dev.allegro.jobs.JobId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
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

  /** A page of the failed jobs {@code filter} selects, newest first. */
  public List<FailedJob> search(FailedJobFilter filter, long offset, int limit) {
    var where = where(filter);
    return where
        .apply(
            jdbc.sql(
                "SELECT * FROM failed_jobs WHERE "
                    + where.condition()
                    + " ORDER BY failed_at DESC, id DESC LIMIT :limit OFFSET :offset"))
        .param("limit", limit)
        .param("offset", offset)
        .query(FailedJobStore::row)
        .list();
  }

  public long count(FailedJobFilter filter) {
    var where = where(filter);
    return where
        .apply(jdbc.sql("SELECT count(*) FROM failed_jobs WHERE " + where.condition()))
        .query(Long.class)
        .single();
  }

  /** The uuids of every failed job {@code filter} selects, oldest first. */
  public List<JobId> ids(FailedJobFilter filter) {
    var where = where(filter);
    return where
        .apply(
            jdbc.sql(
                "SELECT uuid FROM failed_jobs WHERE "
                    + where.condition()
                    + " ORDER BY failed_at, id"))
        .query((row, n) -> new JobId(row.getObject("uuid", UUID.class)))
        .list();
  }

  /** A filter as SQL: a fixed condition whose parameters are bound, never spliced in. */
  private record Where(String condition, FailedJobFilter filter) {

    JdbcClient.StatementSpec apply(JdbcClient.StatementSpec statement) {
      var spec = statement;
      if (filter.queue() != null) {
        spec = spec.param("queue", filter.queue());
      }
      if (filter.text() != null) {
        spec = spec.param("text", "%" + like(filter.text()) + "%");
      }
      if (filter.from() != null) {
        spec = spec.param("from", Timestamp.from(filter.from()));
      }
      if (filter.to() != null) {
        spec = spec.param("to", Timestamp.from(filter.to()));
      }
      return spec;
    }

    private static String like(String text) {
      return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
  }

  private static Where where(FailedJobFilter filter) {
    var conditions = new ArrayList<String>();
    conditions.add("true");
    if (filter.queue() != null) {
      conditions.add("queue = :queue");
    }
    if (filter.text() != null) {
      conditions.add("(uuid::text ILIKE :text OR payload ILIKE :text OR exception ILIKE :text)");
    }
    if (filter.from() != null) {
      conditions.add("failed_at >= :from");
    }
    if (filter.to() != null) {
      conditions.add("failed_at < :to");
    }
    return new Where(String.join(" AND ", conditions), filter);
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
