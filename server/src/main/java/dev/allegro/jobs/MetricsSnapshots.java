package dev.allegro.jobs;

import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.JobMetricsStore;
import dev.allegro.jobs.internal.RedisQueue;
import dev.allegro.jobs.internal.SupervisorRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * {@code horizon:snapshot}: turns the per-queue and per-type metrics gathered since the last
 * snapshot into one point of the dashboard's graphs, keeping the last {@link #KEEP}.
 */
@Service
public class MetricsSnapshots {

  public static final int KEEP = 24;

  /** Hourly points kept: 30 days. */
  public static final int KEEP_HOURLY = 720;

  private final JobMetricsStore store;
  private final RedisQueue queue;
  private final SupervisorRecords supervisors;
  private final JobKeys keys;
  private final Clock clock;

  MetricsSnapshots(
      JobMetricsStore store,
      RedisQueue queue,
      SupervisorRecords supervisors,
      JobKeys keys,
      Clock clock) {
    this.store = store;
    this.queue = queue;
    this.supervisors = supervisors;
    this.keys = keys;
    this.clock = clock;
  }

  /** Takes one snapshot of every measured queue and job type. */
  public void take() {
    var now = clock.instant();
    Set<String> queues = store.measuredQueues();
    for (String name : queues) {
      var taken = store.take(keys.queueMetrics(name));
      var size = queue.size(name);
      var snapshot =
          Snapshot.ofQueue(
              taken.throughput(),
              taken.runtime(),
              size.ready(),
              supervisors.processesFor(name),
              size.oldestReadyAge(),
              now);
      store.append(keys.queueSnapshots(name), snapshot, KEEP);
    }
    for (String type : store.measuredJobs()) {
      var taken = store.take(keys.jobMetrics(type));
      store.append(
          keys.jobSnapshots(type), Snapshot.ofJob(taken.throughput(), taken.runtime(), now), KEEP);
    }
  }

  /**
   * Rolls the snapshots taken in the hour before {@code hourEnd} up into one point per queue and
   * job type, kept {@link #KEEP_HOURLY} hours so a graph can show a month: throughput summed,
   * runtime averaged by throughput, wait and oldest age the hour's highest.
   */
  public void rollUp(Instant hourEnd) {
    long end = hourEnd.getEpochSecond();
    long start = end - 3600;
    for (String name : store.measuredQueues()) {
      rollUp(queue(name), start, end, true)
          .ifPresent(s -> store.append(keys.queueHourly(name), s, KEEP_HOURLY));
    }
    for (String type : store.measuredJobs()) {
      rollUp(job(type), start, end, false)
          .ifPresent(s -> store.append(keys.jobHourly(type), s, KEEP_HOURLY));
    }
  }

  private static java.util.Optional<Snapshot> rollUp(
      List<Snapshot> snapshots, long start, long end, boolean queue) {
    var hour = snapshots.stream().filter(s -> s.time() >= start && s.time() < end).toList();
    if (hour.isEmpty()) {
      return java.util.Optional.empty();
    }
    long throughput = hour.stream().mapToLong(Snapshot::throughput).sum();
    double runtime =
        throughput == 0
            ? 0
            : hour.stream().mapToDouble(s -> s.runtime() * s.throughput()).sum() / throughput;
    if (!queue) {
      return java.util.Optional.of(new Snapshot(throughput, runtime, null, start, null));
    }
    long wait =
        hour.stream().mapToLong(s -> s.waitTime() == null ? 0 : s.waitTime()).max().orElse(0);
    long oldest =
        hour.stream()
            .mapToLong(s -> s.oldestReadyAge() == null ? 0 : s.oldestReadyAge())
            .max()
            .orElse(0);
    return java.util.Optional.of(new Snapshot(throughput, runtime, wait, start, oldest));
  }

  /** Hourly points of a queue, oldest first, up to a month. */
  public List<Snapshot> queueHourly(String name) {
    return store.read(keys.queueHourly(name));
  }

  /** Hourly points of a job type, oldest first, up to a month. */
  public List<Snapshot> jobHourly(String type) {
    return store.read(keys.jobHourly(type));
  }

  /** The queues measured since the last snapshot or before (the snapshots kept name them). */
  public java.util.Set<String> measuredQueues() {
    return store.measuredQueues();
  }

  public java.util.Set<String> measuredJobs() {
    return store.measuredJobs();
  }

  /** Oldest first. */
  public List<Snapshot> queue(String name) {
    return store.read(keys.queueSnapshots(name));
  }

  /** Oldest first. */
  public List<Snapshot> job(String type) {
    return store.read(keys.jobSnapshots(type));
  }
}
