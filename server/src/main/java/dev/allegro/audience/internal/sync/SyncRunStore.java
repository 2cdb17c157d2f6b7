package dev.allegro.audience.internal.sync;

import dev.allegro.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code audience_sync_runs} and the members of each run. A partial unique index keeps one running
 * run per tenant and provider, so two ticks (or a tick and {@code audience:sync}) never double one.
 */
@Repository
class SyncRunStore {

  private static final String COLUMNS =
      "id, provider, started_at, finished_at, members, failures, status";

  private final JdbcClient jdbc;

  SyncRunStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Starts a run unless one of this provider and tenant is still going.
   *
   * @return the new run's id, or empty when one is running
   */
  Optional<UUID> start(TenantId tenant, String provider, Instant now) {
    UUID id = UUID.randomUUID();
    try {
      jdbc.sql(
              """
              INSERT INTO audience_sync_runs (id, tenant_id, provider, started_at, status)
              VALUES (:id, :tenant, :provider, :now, 'running')
              """)
          .param("id", id)
          .param("tenant", tenant.value())
          .param("provider", provider)
          .param("now", Timestamp.from(now))
          .update();
      return Optional.of(id);
    } catch (DuplicateKeyException running) {
      return Optional.empty();
    }
  }

  /** When the provider's last successful run for the tenant started, or the epoch. */
  Instant lastSucceeded(TenantId tenant, String provider) {
    return jdbc.sql(
            """
            SELECT max(started_at) FROM audience_sync_runs
            WHERE tenant_id = :tenant AND provider = :provider AND status = 'succeeded'
            """)
        .param("tenant", tenant.value())
        .param("provider", provider)
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant)
        .orElse(Instant.EPOCH);
  }

  /** Takes these members into the run, each waiting for its job. */
  @Transactional
  void addMembers(UUID run, List<UUID> members) {
    for (int from = 0; from < members.size(); from += 1000) {
      var chunk = members.subList(from, Math.min(members.size(), from + 1000));
      jdbc.sql(
              """
              INSERT INTO audience_sync_run_members (run_id, member_id, state)
              SELECT :run, CAST(unnest(string_to_array(:ids, ',')) AS uuid), 'waiting'
              """)
          .param("run", run)
          .param("ids", String.join(",", chunk.stream().map(UUID::toString).toList()))
          .update();
    }
    jdbc.sql("UPDATE audience_sync_runs SET members = :n WHERE id = :run")
        .param("n", members.size())
        .param("run", run)
        .update();
  }

  /** What one attempt of a member's job took. */
  record Taken(int jobAttempt, List<UUID> members) {}

  /**
   * One attempt of {@code member}'s job: counts it, then takes up to {@code limit} waiting members
   * of the run, its own first (and any taken longer ago than {@code staleBefore}, whose job died).
   */
  @Transactional
  Taken take(UUID run, UUID member, int limit, Instant now, Instant staleBefore) {
    int attempt =
        jdbc.sql(
                """
                UPDATE audience_sync_run_members SET job_attempts = job_attempts + 1
                WHERE run_id = :run AND member_id = :member RETURNING job_attempts
                """)
            .param("run", run)
            .param("member", member)
            .query(Integer.class)
            .optional()
            .orElse(0);
    List<UUID> taken =
        jdbc.sql(
                """
                UPDATE audience_sync_run_members SET state = 'taken', taken_at = :now,
                       attempts = attempts + 1
                WHERE run_id = :run AND member_id IN (
                    SELECT member_id FROM audience_sync_run_members
                    WHERE run_id = :run
                      AND (state = 'waiting' OR (state = 'taken' AND taken_at < :stale))
                    ORDER BY (member_id = :member) DESC, member_id
                    LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING member_id
                """)
            .param("run", run)
            .param("member", member)
            .param("now", Timestamp.from(now))
            .param("stale", Timestamp.from(staleBefore))
            .param("limit", limit)
            .query(UUID.class)
            .list();
    return new Taken(attempt, taken);
  }

  void synced(UUID run, List<UUID> members) {
    if (!members.isEmpty()) {
      jdbc.sql(
              "UPDATE audience_sync_run_members SET state = 'synced', taken_at = NULL"
                  + " WHERE run_id = :run AND member_id IN (:ids)")
          .param("run", run)
          .param("ids", members)
          .update();
    }
  }

  /**
   * A request carrying these members failed: each counts as a failure of the run, and waits again
   * for a later attempt, or fails for good when {@code forGood}.
   */
  @Transactional
  void failed(UUID run, List<UUID> members, boolean forGood) {
    if (members.isEmpty()) {
      return;
    }
    jdbc.sql(
            "UPDATE audience_sync_run_members SET state = :state, taken_at = NULL"
                + " WHERE run_id = :run AND member_id IN (:ids)")
        .param("state", forGood ? "failed" : "waiting")
        .param("run", run)
        .param("ids", members)
        .update();
    jdbc.sql("UPDATE audience_sync_runs SET failures = failures + :n WHERE id = :run")
        .param("n", members.size())
        .param("run", run)
        .update();
  }

  /** Finishes the run once none of its members waits: failed if any failed for good. */
  void finishIfDone(UUID run, Instant now) {
    jdbc.sql(
            """
            UPDATE audience_sync_runs r SET finished_at = :now,
                   status = CASE WHEN EXISTS (SELECT 1 FROM audience_sync_run_members m
                                              WHERE m.run_id = r.id AND m.state = 'failed')
                                 THEN 'failed' ELSE 'succeeded' END
            WHERE r.id = :run AND r.status = 'running'
              AND NOT EXISTS (SELECT 1 FROM audience_sync_run_members m
                              WHERE m.run_id = r.id AND m.state IN ('waiting', 'taken'))
            """)
        .param("now", Timestamp.from(now))
        .param("run", run)
        .update();
  }

  /** Marks a run failed at once (its members could not even be listed). */
  void abort(UUID run, Instant now) {
    jdbc.sql(
            "UPDATE audience_sync_runs SET status = 'failed', finished_at = :now,"
                + " failures = failures + 1 WHERE id = :run AND status = 'running'")
        .param("now", Timestamp.from(now))
        .param("run", run)
        .update();
  }

  /** Runs still going that started before {@code before} are abandoned: the next tick may start. */
  int abandonStarted(Instant before, Instant now) {
    return jdbc.sql(
            "UPDATE audience_sync_runs SET status = 'abandoned', finished_at = :now"
                + " WHERE status = 'running' AND started_at < :before")
        .param("now", Timestamp.from(now))
        .param("before", Timestamp.from(before))
        .update();
  }

  List<SyncRun> page(TenantId tenant, long offset, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM audience_sync_runs WHERE tenant_id = :tenant"
                + " ORDER BY started_at DESC, id LIMIT :limit OFFSET :offset")
        .param("tenant", tenant.value())
        .param("limit", limit)
        .param("offset", offset)
        .query(SyncRunStore::row)
        .list();
  }

  long count(TenantId tenant) {
    return jdbc.sql("SELECT count(*) FROM audience_sync_runs WHERE tenant_id = :tenant")
        .param("tenant", tenant.value())
        .query(Long.class)
        .single();
  }

  private static SyncRun row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new SyncRun(
        rs.getObject("id", UUID.class),
        rs.getString("provider"),
        rs.getTimestamp("started_at").toInstant(),
        finished == null ? null : finished.toInstant(),
        rs.getInt("members"),
        rs.getInt("failures"),
        SyncRun.Status.of(rs.getString("status")));
  }
}
