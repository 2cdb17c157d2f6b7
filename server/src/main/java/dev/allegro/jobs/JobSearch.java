package dev.allegro.jobs;

import dev.allegro.jobs.internal.JobRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Finds jobs by uuid, type, tag or a payload substring, filtered by queue, status and time: failed
 * jobs in PostgreSQL (every one kept), the others among Horizon's records in Redis, of which the
 * newest {@link #SCANNED} per search are looked at (Redis keeps no index to search; the answer says
 * how many it looked at).
 */
@Service
public class JobSearch {

  /** Records looked at, newest first, in one search of pending or completed jobs. */
  public static final int SCANNED = 10_000;

  private static final int BATCH = 500;

  private final JobRecords records;
  private final FailedJobs failed;

  JobSearch(JobRecords records, FailedJobs failed) {
    this.records = records;
    this.failed = failed;
  }

  /**
   * What to look for; every field optional.
   *
   * @param text a uuid, a job type, a tag, or a substring of the payload
   * @param status null for any
   * @param from pushed (failed, for failed jobs) at or after
   * @param to before
   */
  public record Query(
      String text,
      String type,
      String tag,
      String queue,
      JobStatus status,
      Instant from,
      Instant to) {}

  /**
   * @param jobs the page found, newest first
   * @param scanned how many records were looked at
   * @param complete whether every record of the status was looked at
   */
  public record Found(List<JobRecord> jobs, long scanned, boolean complete) {}

  /** Failed jobs as {@link FailedJobs} finds them: by the same query, from PostgreSQL. */
  public FailedJobFilter failedFilter(Query query) {
    String text =
        query.text() != null ? query.text() : query.tag() != null ? query.tag() : query.type();
    return new FailedJobFilter(query.queue(), text, query.from(), query.to());
  }

  /** Up to {@code limit} matching records among the newest {@link #SCANNED} of the status. */
  public Found records(Query query, int limit) {
    var matches = new ArrayList<JobRecord>();
    long total = records.count(query.status());
    long scanned = 0;
    while (scanned < Math.min(total, SCANNED) && matches.size() < limit) {
      var batch = records.list(query.status(), scanned, BATCH);
      if (batch.isEmpty()) {
        break;
      }
      scanned += BATCH;
      for (JobRecord record : batch) {
        if (matches(query, record) && matches.size() < limit) {
          matches.add(record);
        }
      }
    }
    scanned = Math.min(scanned, total);
    return new Found(matches, scanned, scanned >= total);
  }

  static boolean matches(Query query, JobRecord record) {
    if (query.queue() != null && !query.queue().equals(record.queue())) {
      return false;
    }
    if (query.type() != null && !query.type().equals(record.type())) {
      return false;
    }
    if (query.tag() != null && !record.tags().contains(query.tag())) {
      return false;
    }
    if (query.from() != null && record.pushedAt().isBefore(query.from())) {
      return false;
    }
    if (query.to() != null && !record.pushedAt().isBefore(query.to())) {
      return false;
    }
    if (query.text() == null) {
      return true;
    }
    String text = query.text().toLowerCase(Locale.ROOT);
    return record.id().toString().equals(text)
        || record.type().toLowerCase(Locale.ROOT).contains(text)
        || record.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(text))
        || record.payload().toLowerCase(Locale.ROOT).contains(text);
  }
}
