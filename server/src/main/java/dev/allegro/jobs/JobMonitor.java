package dev.allegro.jobs;

import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.JobMetricsStore;
import dev.allegro.jobs.internal.JobRecords;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.RedisQueue;
import dev.allegro.jobs.internal.SupervisorRecords;
import dev.allegro.system.AllegroProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** What operators and the dashboard read: queue sizes and Horizon's job records. */
@Service
public class JobMonitor {

  private final RedisQueue queue;
  private final JobRecords records;
  private final JobMetricsStore metrics;
  private final MetricsSnapshots snapshots;
  private final SupervisorRecords supervisors;
  private final JobKeys keys;
  private final List<String> queues;

  JobMonitor(
      RedisQueue queue,
      JobRecords records,
      JobMetricsStore metrics,
      MetricsSnapshots snapshots,
      SupervisorRecords supervisors,
      JobKeys keys,
      JobsProperties properties,
      AllegroProperties allegro) {
    this.queue = queue;
    this.records = records;
    this.metrics = metrics;
    this.snapshots = snapshots;
    this.supervisors = supervisors;
    this.keys = keys;
    this.queues = properties.supervisorFor(allegro.env()).queue();
  }

  /**
   * Each configured queue's pending jobs and Horizon's wait estimate, highest priority first. The
   * average runtime is the one measured since the last snapshot, else the last snapshot's.
   */
  public Map<String, QueueWait> waits() {
    var waits = new LinkedHashMap<String, QueueWait>();
    for (String name : queues) {
      long ready = queue.size(name).ready();
      double runtime = metrics.averageRuntime(keys.queueMetrics(name));
      if (runtime == 0) {
        var taken = snapshots.queue(name);
        runtime = taken.isEmpty() ? 0 : taken.getLast().runtime();
      }
      int processes = Math.max(1, supervisors.processesFor(name));
      waits.put(name, new QueueWait(ready, Math.round(ready * runtime / processes / 1000.0)));
    }
    return waits;
  }

  /**
   * Jobs that finished on a queue since the last metrics snapshot (at most five minutes), counted
   * on every node.
   */
  public record Outcomes(long completed, long failed) {

    /** The share of finished jobs that failed; 0 when none finished. */
    public double failureRate() {
      long finished = completed + failed;
      return finished == 0 ? 0 : (double) failed / finished;
    }
  }

  public Outcomes outcomes(String name) {
    var taken = metrics.peek(keys.queueMetrics(Queues.requireValid(name)));
    return new Outcomes(taken.throughput(), taken.failed());
  }

  /** The configured queues, highest priority first. */
  public List<String> queues() {
    return queues;
  }

  public List<QueueSize> sizes() {
    return queues.stream().map(queue::size).toList();
  }

  public QueueSize size(String name) {
    return queue.size(Queues.requireValid(name));
  }

  public Optional<JobRecord> job(JobId id) {
    return records.find(id);
  }

  /** Newest first; {@code status} null lists every recent job. */
  public List<JobRecord> jobs(JobStatus status, int limit) {
    return records.list(status, limit);
  }

  /** A page of the records in {@code status}, newest first. */
  public List<JobRecord> jobs(JobStatus status, long offset, int limit) {
    return records.list(status, offset, limit);
  }

  /** How many records {@code status} lists (every recent job for null). */
  public long count(JobStatus status) {
    return records.count(status);
  }
}
