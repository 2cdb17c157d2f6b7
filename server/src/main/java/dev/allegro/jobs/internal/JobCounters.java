package dev.allegro.jobs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Horizon's per-queue and per-job-type metrics as this node counts them. A finished job is counted
 * in memory; the counts go to the metrics hashes once a second from each supervisor's loop (and
 * when it stops), one script for every hash, rather than four increments in every job's settlement:
 * on one Redis those increments were a sixth of its time per job. Readers of the hashes flush first
 * ({@link JobMetricsStore}); another node's last second arrives with its next flush.
 */
@Component
class JobCounters {

  /** A hash's counts since the last flush. */
  private static final class Counts {
    final AtomicLong completed = new AtomicLong();
    final AtomicLong runtimeMicros = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
  }

  private final Map<String, Counts> byQueue = new ConcurrentHashMap<>();
  private final Map<String, Counts> byType = new ConcurrentHashMap<>();
  private final ScriptRunner scripts;
  private final JobKeys keys;

  JobCounters(ScriptRunner scripts, JobKeys keys) {
    this.scripts = scripts;
    this.keys = keys;
  }

  void completed(String queue, String type, Duration runtime) {
    long micros = runtime.toNanos() / 1_000;
    for (Counts counts : List.of(of(byQueue, queue), of(byType, type))) {
      counts.completed.incrementAndGet();
      counts.runtimeMicros.addAndGet(micros);
    }
  }

  void failed(String queue, String type) {
    of(byQueue, queue).failed.incrementAndGet();
    of(byType, type).failed.incrementAndGet();
  }

  /** Adds what was counted since the last flush to the hashes; kept for the next one on failure. */
  synchronized void flush() {
    var hashKeys = new ArrayList<String>();
    hashKeys.add(keys.measuredQueues());
    hashKeys.add(keys.measuredJobs());
    var args = new ArrayList<String>();
    var taken = new ArrayList<Runnable>();
    take(byQueue, "queue", hashKeys, args, taken);
    take(byType, "job", hashKeys, args, taken);
    if (taken.isEmpty()) {
      return;
    }
    try {
      scripts.run(new ScriptCall(JobScripts.ADD_METRICS, hashKeys, args));
    } catch (RuntimeException e) {
      taken.forEach(Runnable::run);
      throw e;
    }
  }

  private void take(
      Map<String, Counts> all,
      String kind,
      List<String> hashKeys,
      List<String> args,
      List<Runnable> undo) {
    all.forEach(
        (name, counts) -> {
          long completed = counts.completed.getAndSet(0);
          long runtime = counts.runtimeMicros.getAndSet(0);
          long failed = counts.failed.getAndSet(0);
          if (completed == 0 && failed == 0) {
            return;
          }
          hashKeys.add(kind.equals("queue") ? keys.queueMetrics(name) : keys.jobMetrics(name));
          args.addAll(
              List.of(
                  kind,
                  name,
                  Long.toString(completed),
                  Long.toString(runtime),
                  Long.toString(failed)));
          undo.add(
              () -> {
                counts.completed.addAndGet(completed);
                counts.runtimeMicros.addAndGet(runtime);
                counts.failed.addAndGet(failed);
              });
        });
  }

  private static Counts of(Map<String, Counts> all, String name) {
    var counts = all.get(name);
    return counts != null ? counts : all.computeIfAbsent(name, n -> new Counts());
  }
}
