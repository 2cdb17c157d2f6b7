package dev.allegro.tracking;

import dev.allegro.tenancy.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What one audience member did, read from the stored events (their {@code audience_member_id}) and
 * the page views' engaged time from the SDK's heartbeats ({@code page_engagements}, the latest beat
 * of each page view). The audience feature builds member profiles from it.
 */
@Service
public class MemberActivity {

  /** Page views listed in {@link Activity#lastPages()}. */
  public static final int LAST_PAGES = 10;

  /**
   * One member's figures.
   *
   * @param firstSeen the earliest interaction time, or null when the member has no event
   * @param sessions distinct {@code session_id}s
   * @param countsByType events per type, most frequent first
   * @param lastPages the latest page views, newest first
   * @param engagedSeconds the sum of the page views' active seconds
   */
  public record Activity(
      Instant firstSeen,
      Instant lastSeen,
      long events,
      long sessions,
      Map<String, Long> countsByType,
      List<PageVisit> lastPages,
      long engagedSeconds) {}

  /** One page view: its URL, path and interaction time. */
  public record PageVisit(String url, String path, Instant at) {}

  private final JdbcClient jdbc;

  MemberActivity(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Activity of(TenantId tenant, String memberId) {
    record Totals(Instant first, Instant last, long events, long sessions) {}
    Totals totals =
        jdbc.sql(
                """
                SELECT min(created_at) AS first, max(created_at) AS last, count(*) AS events,
                       count(DISTINCT session_id) AS sessions
                FROM events WHERE tenant_id = :tenant AND audience_member_id = :member
                """)
            .param("tenant", tenant.value())
            .param("member", memberId)
            .query(
                (rs, n) ->
                    new Totals(
                        instant(rs.getTimestamp("first")),
                        instant(rs.getTimestamp("last")),
                        rs.getLong("events"),
                        rs.getLong("sessions")))
            .single();
    var counts = new LinkedHashMap<String, Long>();
    jdbc.sql(
            """
            SELECT type, count(*) AS n FROM events
            WHERE tenant_id = :tenant AND audience_member_id = :member
            GROUP BY type ORDER BY n DESC, type
            """)
        .param("tenant", tenant.value())
        .param("member", memberId)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> counts.put(rs.getString("type"), rs.getLong("n")));
    List<PageVisit> pages =
        jdbc.sql(
                """
                SELECT url, page_path, created_at FROM events
                WHERE tenant_id = :tenant AND audience_member_id = :member AND type = 'page_view'
                ORDER BY created_at DESC, id DESC LIMIT :limit
                """)
            .param("tenant", tenant.value())
            .param("member", memberId)
            .param("limit", LAST_PAGES)
            .query(
                (rs, n) ->
                    new PageVisit(
                        rs.getString("url"),
                        rs.getString("page_path"),
                        instant(rs.getTimestamp("created_at"))))
            .list();
    long engaged =
        jdbc.sql(
                """
                SELECT coalesce(sum(p.active_seconds), 0) FROM page_engagements p
                JOIN events e ON e.tenant_id = p.tenant_id AND e.id = p.event_id
                WHERE e.tenant_id = :tenant AND e.audience_member_id = :member
                """)
            .param("tenant", tenant.value())
            .param("member", memberId)
            .query(Long.class)
            .single();
    return new Activity(
        totals.first(), totals.last(), totals.events(), totals.sessions(), counts, pages, engaged);
  }

  private static Instant instant(java.sql.Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
