package dev.allegro.dashboard.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What staff did through the dashboard (retries, deletions, pauses, monitored tags): who, what,
 * which jobs, when. Kept in PostgreSQL; the dashboard lists it.
 */
@Repository
class AuditLog {

  /**
   * One action.
   *
   * @param jobs the uuids of the jobs it touched (empty for a pause, say)
   * @param detail what else says what it did: a queue, a tag, a filter
   */
  record Entry(
      long id, String actor, String action, List<String> jobs, String detail, Instant at) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  AuditLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  void record(String actor, String action, List<String> jobs, String detail) {
    jdbc.sql(
            """
            INSERT INTO dashboard_audit (actor, action, jobs, detail, created_at)
            VALUES (:actor, :action, :jobs, :detail, :at)
            """)
        .param("actor", actor)
        .param("action", action)
        .param("jobs", jobs.toArray(String[]::new))
        .param("detail", detail)
        .param("at", Timestamp.from(clock.instant()))
        .update();
  }

  /** Newest first. */
  List<Entry> page(long offset, int limit) {
    return jdbc.sql(
            "SELECT * FROM dashboard_audit ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET"
                + " :offset")
        .param("limit", limit)
        .param("offset", offset)
        .query(
            (rs, n) ->
                new Entry(
                    rs.getLong("id"),
                    rs.getString("actor"),
                    rs.getString("action"),
                    Arrays.asList((String[]) rs.getArray("jobs").getArray()),
                    rs.getString("detail"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  long count() {
    return jdbc.sql("SELECT count(*) FROM dashboard_audit").query(Long.class).single();
  }
}
