package dev.allegro.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.JobMetricsStore;
import dev.allegro.jobs.internal.JobRecords;
import dev.allegro.jobs.internal.SupervisorRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The dashboard's overview and workload, with the fields of Horizon's {@code /api/stats} and {@code
 * /api/workload}, so scripts written against Horizon read them unchanged.
 */
@Service
public class JobStats {

  private final JobMonitor monitor;
  private final JobRecords records;
  private final JobMetricsStore metrics;
  private final MetricsSnapshots snapshots;
  private final SupervisorRecords supervisors;
  private final HorizonControl control;
  private final JobKeys keys;
  private final Clock clock;

  JobStats(
      JobMonitor monitor,
      JobRecords records,
      JobMetricsStore metrics,
      MetricsSnapshots snapshots,
      SupervisorRecords supervisors,
      HorizonControl control,
      JobKeys keys,
      Clock clock) {
    this.monitor = monitor;
    this.records = records;
    this.metrics = metrics;
    this.snapshots = snapshots;
    this.supervisors = supervisors;
    this.control = control;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Horizon's overview.
   *
   * @param failedJobs jobs failed within {@code periods.failedJobs} minutes
   * @param jobsPerMinute jobs completed per minute since the last metrics snapshot
   * @param recentJobs jobs recorded within {@code periods.recentJobs} minutes
   * @param maxWait the queue with the longest estimated wait, and that wait in seconds
   */
  public record Stats(
      @JsonProperty("failedJobs") long failedJobs,
      @JsonProperty("jobsPerMinute") long jobsPerMinute,
      @JsonProperty("pausedMasters") int pausedMasters,
      @JsonProperty("periods") Map<String, Long> periods,
      @JsonProperty("processes") int processes,
      @JsonProperty("queueWithMaxRuntime") String queueWithMaxRuntime,
      @JsonProperty("queueWithMaxThroughput") String queueWithMaxThroughput,
      @JsonProperty("recentJobs") long recentJobs,
      @JsonProperty("status") String status,
      @JsonProperty("wait") Map<String, Long> maxWait) {}

  /**
   * One queue's workload: Horizon's {@code name, length, wait, processes, split_queues} and ours.
   *
   * @param length jobs ready and waiting
   * @param waitSeconds Horizon's estimated wait in seconds
   */
  public record Workload(
      String name,
      long length,
      @JsonProperty("wait") long waitSeconds,
      int processes,
      @JsonProperty("split_queues") List<String> splitQueues,
      long delayed,
      long reserved,
      boolean paused) {}

  public Stats stats() {
    var alive = supervisors.alive();
    int processes = alive.stream().mapToInt(s -> s.workers().size()).sum();
    int paused = (int) alive.stream().filter(s -> s.status() == SupervisorStatus.PAUSED).count();
    var latest = new LinkedHashMap<String, Snapshot>();
    for (String queue : monitor.queues()) {
      var taken = snapshots.queue(queue);
      if (!taken.isEmpty()) {
        latest.put(queue, taken.getLast());
      }
    }
    var waits = monitor.waits();
    var longest =
        waits.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue().waitSeconds()));
    var wait = new LinkedHashMap<String, Long>();
    longest.ifPresent(e -> wait.put(e.getKey(), e.getValue().waitSeconds()));
    var periods = new LinkedHashMap<String, Long>();
    periods.put("failedJobs", JobRecords.FAILED.toMinutes());
    periods.put("recentJobs", JobRecords.RECENT.toMinutes());
    return new Stats(
        records.count(JobStatus.FAILED),
        jobsPerMinute(latest),
        paused,
        periods,
        processes,
        maxBy(latest, Snapshot::runtime),
        maxBy(latest, s -> (double) s.throughput()),
        records.count(null),
        control.status().label(),
        wait);
  }

  /** Every configured queue's workload, in priority order. */
  public List<Workload> workload() {
    var paused = control.pausedQueues();
    var waits = monitor.waits();
    var result = new ArrayList<Workload>();
    for (QueueSize size : monitor.sizes()) {
      String name = size.queue();
      result.add(
          new Workload(
              name,
              size.ready(),
              waits.get(name).waitSeconds(),
              supervisors.processesFor(name),
              null,
              size.delayed(),
              size.reserved(),
              paused.contains(name)));
    }
    return result;
  }

  /** Completed jobs of every queue since the last snapshot, per minute of that interval. */
  private long jobsPerMinute(Map<String, Snapshot> latest) {
    long completed = 0;
    for (String queue : metrics.measuredQueues()) {
      completed += metrics.peek(keys.queueMetrics(queue)).throughput();
    }
    long since =
        latest.values().stream()
            .mapToLong(Snapshot::time)
            .max()
            .orElse(clock.instant().getEpochSecond() - 300);
    double minutes =
        Math.max(
            1.0, Duration.ofSeconds(clock.instant().getEpochSecond() - since).toSeconds() / 60.0);
    return Math.round(completed / minutes);
  }

  private static String maxBy(
      Map<String, Snapshot> latest, java.util.function.ToDoubleFunction<Snapshot> measure) {
    return latest.entrySet().stream()
        .filter(e -> measure.applyAsDouble(e.getValue()) > 0)
        .max(Comparator.comparingDouble(e -> measure.applyAsDouble(e.getValue())))
        .map(Map.Entry::getKey)
        .orElse(null);
  }
}
