package dev.allegro.dashboard.internal;

import dev.allegro.jobs.HorizonControl;
import dev.allegro.jobs.JobStats;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.SupervisorRecord;
import dev.allegro.jobs.WorkerRecord;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.web.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Horizon's {@code /api/stats}, {@code /api/workload} and {@code /api/masters}, and the controls of
 * ours: pause and continue every worker, or one queue.
 */
@RestController
class OverviewApi {

  private final JobStats stats;
  private final HorizonControl control;
  private final AuditLog audit;
  private final String environment;
  private final Clock clock;

  OverviewApi(
      JobStats stats,
      HorizonControl control,
      AuditLog audit,
      AllegroProperties allegro,
      Clock clock) {
    this.stats = stats;
    this.control = control;
    this.audit = audit;
    this.environment = allegro.env().name().toLowerCase(Locale.ROOT);
    this.clock = clock;
  }

  record Worker(
      String name, List<String> queues, String status, String job, Long jobRuntimeSeconds) {}

  record Supervisor(
      String name,
      String master,
      long pid,
      String status,
      Map<String, Integer> processes,
      Map<String, String> options,
      List<Worker> workers) {}

  record Master(
      String name,
      String environment,
      String node,
      long pid,
      String status,
      Double heartbeatAt,
      List<Supervisor> supervisors) {}

  @GetMapping("/horizon/api/stats")
  JobStats.Stats stats() {
    return stats.stats();
  }

  @GetMapping("/horizon/api/workload")
  List<JobStats.Workload> workload() {
    return stats.workload();
  }

  @GetMapping("/horizon/api/masters")
  Map<String, Master> masters() {
    var masters = new LinkedHashMap<String, Master>();
    for (SupervisorRecord record : control.supervisors()) {
      var processes = new LinkedHashMap<String, Integer>();
      record.queues().forEach(q -> processes.put("redis:" + q, 0));
      record
          .workers()
          .forEach(w -> processes.merge("redis:" + w.queues().getFirst(), 1, Integer::sum));
      var workers = record.workers().stream().map(this::worker).toList();
      var supervisor =
          new Supervisor(
              record.name(),
              record.name(),
              record.pid(),
              record.status().label(),
              processes,
              Map.of("queue", String.join(",", record.queues()), "balance", record.balance()),
              workers);
      masters.put(
          record.name(),
          new Master(
              record.name(),
              environment,
              record.node(),
              record.pid(),
              record.status().label(),
              record.heartbeatAt() == null ? null : record.heartbeatAt().toEpochMilli() / 1000.0,
              List.of(supervisor)));
    }
    return masters;
  }

  private Worker worker(WorkerRecord record) {
    Long runtime =
        record.jobStartedAt() == null
            ? null
            : Duration.between(record.jobStartedAt(), clock.instant()).toSeconds();
    return new Worker(
        record.name(), record.queues(), record.status().label(), record.job(), runtime);
  }

  @PostMapping("/horizon/api/pause")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void pause() {
    control.pause();
    audit.record(Staff.current(), "pause", List.of(), null);
  }

  @PostMapping("/horizon/api/continue")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void resume() {
    control.resume();
    audit.record(Staff.current(), "continue", List.of(), null);
  }

  @PostMapping("/horizon/api/queues/{queue}/pause")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void pauseQueue(@PathVariable String queue) {
    control.pauseQueue(known(queue));
    audit.record(Staff.current(), "pause-queue", List.of(), queue);
  }

  @PostMapping("/horizon/api/queues/{queue}/resume")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void resumeQueue(@PathVariable String queue) {
    control.resumeQueue(known(queue));
    audit.record(Staff.current(), "resume-queue", List.of(), queue);
  }

  private String known(String queue) {
    var configured = stats.workload().stream().map(JobStats.Workload::name).toList();
    if (!configured.contains(queue)) {
      throw ValidationException.of(
          "queue", "The queue field must be one of " + String.join(", ", configured) + ".");
    }
    return Queues.requireValid(queue);
  }
}
