package dev.allegro.dashboard.internal;

import dev.allegro.jobs.FailedJobFilter;
import dev.allegro.jobs.FailedJobs;
import dev.allegro.jobs.JobId;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.JobSearch;
import dev.allegro.jobs.JobStatus;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.ValidationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Horizon's job routes ({@code /api/jobs/pending|completed|failed}, a job, a failed job, retry) and
 * ours: search, retry of a selection or of every job a filter matches, deletion. A list answers
 * {@code {jobs, total}}, a page of up to 50 after {@code starting_at} as Horizon pages.
 */
@RestController
class JobsApi {

  static final int PAGE = 50;

  private final JobMonitor monitor;
  private final FailedJobs failed;
  private final JobSearch search;
  private final AuditLog audit;
  private final JsonMapper json;

  JobsApi(
      JobMonitor monitor, FailedJobs failed, JobSearch search, AuditLog audit, JsonMapper json) {
    this.monitor = monitor;
    this.failed = failed;
    this.search = search;
    this.audit = audit;
    this.json = json;
  }

  record Jobs(List<JobView> jobs, long total) {}

  record Found(List<JobView> jobs, long scanned, boolean complete) {}

  record Retried(List<String> retried) {}

  record Deleted(List<String> deleted) {}

  /** A selection of jobs, or every failed job a filter matches. */
  record Selection(List<String> ids, Filter filter) {}

  record Filter(String queue, String text, Instant from, Instant to) {}

  @GetMapping("/horizon/api/jobs/pending")
  Jobs pending(@RequestParam(name = "starting_at", required = false) String startingAt) {
    return records(JobStatus.PENDING, startingAt);
  }

  @GetMapping("/horizon/api/jobs/completed")
  Jobs completed(@RequestParam(name = "starting_at", required = false) String startingAt) {
    return records(JobStatus.COMPLETED, startingAt);
  }

  @GetMapping("/horizon/api/jobs/failed")
  Jobs failed(
      @RequestParam(name = "starting_at", required = false) String startingAt,
      @RequestParam(required = false) String queue,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String text,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    var errors = new FieldErrors();
    Instant since = time("from", from, errors);
    Instant until = time("to", to, errors);
    errors.throwIfAny();
    var filter = new FailedJobFilter(blank(queue), blank(text != null ? text : tag), since, until);
    long offset = offset(startingAt);
    var page = failed.search(filter, offset, PAGE).stream().map(f -> JobView.of(f, json)).toList();
    return new Jobs(page, failed.count(filter));
  }

  @GetMapping("/horizon/api/jobs/failed/{id}")
  JobView failedJob(@PathVariable String id) {
    return failed
        .find(jobId(id))
        .map(f -> JobView.of(f, json))
        .orElseThrow(() -> ApiException.notFound("No failed job with uuid " + id + "."));
  }

  @GetMapping("/horizon/api/jobs/{id}")
  JobView job(@PathVariable String id) {
    var uuid = jobId(id);
    return monitor
        .job(uuid)
        .map(r -> JobView.of(r, json))
        .or(() -> failed.find(uuid).map(f -> JobView.of(f, json)))
        .orElseThrow(() -> ApiException.notFound("No job with uuid " + id + "."));
  }

  @PostMapping("/horizon/api/jobs/retry/{id}")
  Retried retry(@PathVariable String id) {
    var uuid = jobId(id);
    try {
      failed.retry(uuid);
    } catch (IllegalArgumentException gone) {
      throw ApiException.notFound("No failed job with uuid " + id + ".");
    }
    audit.record(Staff.current(), "retry", List.of(id), null);
    return new Retried(List.of(id));
  }

  /** Retries a selection ({@code ids}) or every failed job {@code filter} matches. */
  @PostMapping("/horizon/api/jobs/retry")
  Retried retrySelection(@JsonBody Selection selection) {
    List<JobId> retried;
    String detail = null;
    if (selection.ids() != null) {
      retried = failed.retryEach(selection.ids().stream().map(JobsApi::jobId).toList());
    } else if (selection.filter() != null) {
      var filter = filter(selection.filter());
      retried = failed.retryMatching(filter);
      detail = describe(filter);
    } else {
      throw ValidationException.of("ids", "Give ids (a list of uuids) or a filter.");
    }
    var ids = retried.stream().map(JobId::toString).toList();
    audit.record(
        Staff.current(),
        selection.ids() != null ? "retry-selection" : "retry-matching",
        ids,
        detail);
    return new Retried(ids);
  }

  @DeleteMapping("/horizon/api/jobs/failed/{id}")
  Deleted delete(@PathVariable String id) {
    try {
      failed.forget(jobId(id));
    } catch (IllegalArgumentException gone) {
      throw ApiException.notFound("No failed job with uuid " + id + ".");
    }
    audit.record(Staff.current(), "delete", List.of(id), null);
    return new Deleted(List.of(id));
  }

  /** Deletes a selection of failed jobs. */
  @PostMapping("/horizon/api/jobs/failed/delete")
  Deleted deleteSelection(@JsonBody Selection selection) {
    if (selection.ids() == null) {
      throw ValidationException.of("ids", "The ids field is required: a list of uuids.");
    }
    var deleted =
        selection.ids().stream()
            .filter(
                id -> {
                  try {
                    failed.forget(jobId(id));
                    return true;
                  } catch (IllegalArgumentException gone) {
                    return false;
                  }
                })
            .toList();
    audit.record(Staff.current(), "delete-selection", deleted, null);
    return new Deleted(deleted);
  }

  /**
   * Search by uuid, type, tag or payload substring, filtered by queue, status and time range.
   * Failed jobs are searched in full; pending and completed among the newest records.
   */
  @GetMapping("/horizon/api/search")
  Found search(
      @RequestParam(required = false) String text,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String queue,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    var errors = new FieldErrors();
    JobStatus wanted = null;
    if (blank(status) != null) {
      try {
        wanted = JobStatus.parse(status);
      } catch (IllegalArgumentException e) {
        errors.add("status", "The status field must be pending, reserved, completed or failed.");
      }
    }
    Instant since = time("from", from, errors);
    Instant until = time("to", to, errors);
    errors.throwIfAny();
    var query =
        new JobSearch.Query(
            blank(text), blank(type), blank(tag), blank(queue), wanted, since, until);
    if (wanted == JobStatus.FAILED) {
      var filter = search.failedFilter(query);
      var page = failed.search(filter, 0, PAGE).stream().map(f -> JobView.of(f, json)).toList();
      return new Found(page, failed.count(filter), true);
    }
    var found = search.records(query, PAGE);
    return new Found(
        found.jobs().stream().map(r -> JobView.of(r, json)).toList(),
        found.scanned(),
        found.complete());
  }

  private Jobs records(JobStatus status, String startingAt) {
    var page =
        monitor.jobs(status, offset(startingAt), PAGE).stream()
            .map(r -> JobView.of(r, json))
            .toList();
    return new Jobs(page, monitor.count(status));
  }

  /** Horizon's {@code starting_at}: the index of the last job already shown (-1 for none). */
  private static long offset(String startingAt) {
    if (blank(startingAt) == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(startingAt.trim()) + 1);
    } catch (NumberFormatException e) {
      throw ValidationException.of("starting_at", "The starting_at field must be an integer.");
    }
  }

  private static FailedJobFilter filter(Filter filter) {
    return new FailedJobFilter(
        blank(filter.queue()), blank(filter.text()), filter.from(), filter.to());
  }

  private static String describe(FailedJobFilter filter) {
    return "queue="
        + filter.queue()
        + " text="
        + filter.text()
        + " from="
        + filter.from()
        + " to="
        + filter.to();
  }

  private static Instant time(String field, String value, FieldErrors errors) {
    if (blank(value) == null) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(
          field, "The " + field + " field must be an ISO-8601 instant, e.g. 2026-02-25T18:00:00Z.");
      return null;
    }
  }

  static JobId jobId(String id) {
    try {
      return JobId.parse(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No job with uuid " + id + ".");
    }
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
