package dev.allegro.dashboard.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.allegro.jobs.JobTags;
import dev.allegro.jobs.MetricsSnapshots;
import dev.allegro.jobs.Snapshot;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.ValidationException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Horizon's metric routes ({@code /api/metrics/jobs|queues[/{id}]}: the five-minute snapshots, or
 * with {@code ?period=month} the hourly roll-ups of the last 30 days) and its tag monitoring
 * ({@code /api/monitoring[/{tag}]}).
 */
@RestController
class MetricsApi {

  private final MetricsSnapshots snapshots;
  private final JobTags tags;
  private final AuditLog audit;
  private final JsonMapper json;

  MetricsApi(MetricsSnapshots snapshots, JobTags tags, AuditLog audit, JsonMapper json) {
    this.snapshots = snapshots;
    this.tags = tags;
    this.audit = audit;
    this.json = json;
  }

  /**
   * One point of a graph, as Horizon's metrics routes give it.
   *
   * @param runtime average milliseconds
   * @param waitSeconds estimated wait in seconds (queues only)
   * @param time epoch seconds
   */
  record Point(long throughput, double runtime, @JsonProperty("wait") Long waitSeconds, long time) {

    static Point of(Snapshot snapshot) {
      return new Point(
          snapshot.throughput(),
          Math.round(snapshot.runtime() * 1000) / 1000.0,
          snapshot.waitTime(),
          snapshot.time());
    }
  }

  record Tagged(List<JobView> jobs, long total) {}

  record Monitor(String tag) {}

  @GetMapping("/horizon/api/metrics/jobs")
  List<String> jobs() {
    return snapshots.measuredJobs().stream().sorted().toList();
  }

  @GetMapping("/horizon/api/metrics/jobs/{id}")
  List<Point> job(@PathVariable String id, @RequestParam(required = false) String period) {
    return points(month(period) ? snapshots.jobHourly(id) : snapshots.job(id));
  }

  @GetMapping("/horizon/api/metrics/queues")
  List<String> queues() {
    return snapshots.measuredQueues().stream().sorted().toList();
  }

  @GetMapping("/horizon/api/metrics/queues/{id}")
  List<Point> queue(@PathVariable String id, @RequestParam(required = false) String period) {
    return points(month(period) ? snapshots.queueHourly(id) : snapshots.queue(id));
  }

  @GetMapping("/horizon/api/monitoring")
  List<JobTags.Monitored> monitoring() {
    return tags.monitored();
  }

  @PostMapping("/horizon/api/monitoring")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void monitor(@JsonBody Monitor body) {
    if (body.tag() == null || body.tag().isBlank() || body.tag().length() > 255) {
      throw ValidationException.of("tag", "The tag field must be 1 to 255 characters.");
    }
    tags.monitor(body.tag());
    audit.record(Staff.current(), "monitor-tag", List.of(), body.tag());
  }

  @GetMapping("/horizon/api/monitoring/{tag}")
  Tagged tagged(
      @PathVariable String tag,
      @RequestParam(name = "starting_at", required = false, defaultValue = "0") long startingAt,
      @RequestParam(required = false, defaultValue = "25") int limit) {
    if (limit < 1 || limit > 100) {
      throw ValidationException.of("limit", "The limit field must be between 1 and 100.");
    }
    var jobs =
        tags.jobs(tag, Math.max(0, startingAt), limit).stream()
            .map(r -> JobView.of(r, json))
            .toList();
    return new Tagged(jobs, tags.count(tag));
  }

  @DeleteMapping("/horizon/api/monitoring/{tag}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void stopMonitoring(@PathVariable String tag) {
    if (tags.monitored().stream().noneMatch(m -> m.tag().equals(tag))) {
      throw ApiException.notFound("Tag '" + tag + "' is not monitored.");
    }
    tags.stopMonitoring(tag);
    audit.record(Staff.current(), "stop-monitoring", List.of(), tag);
  }

  private static boolean month(String period) {
    if (period == null || period.isBlank() || period.equalsIgnoreCase("day")) {
      return false;
    }
    if (period.trim().toLowerCase(Locale.ROOT).equals("month")) {
      return true;
    }
    throw ValidationException.of("period", "The period field must be day or month.");
  }

  private static List<Point> points(List<Snapshot> snapshots) {
    return snapshots.stream().map(Point::of).toList();
  }
}
