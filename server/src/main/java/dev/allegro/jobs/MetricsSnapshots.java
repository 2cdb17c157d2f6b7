package dev.allegro.jobs;

import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.JobMetricsStore;
import dev.allegro.jobs.internal.RedisQueue;
import dev.allegro.jobs.internal.SupervisorRecords;
import java.time.Clock;
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

  /** Oldest first. */
  public List<Snapshot> queue(String name) {
    return store.read(keys.queueSnapshots(name));
  }

  /** Oldest first. */
  public List<Snapshot> job(String type) {
    return store.read(keys.jobSnapshots(type));
  }
}
