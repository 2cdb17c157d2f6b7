package dev.allegro.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The job engine's Micrometer meters, on {@code /actuator/prometheus}: counters of processed and
 * failed jobs by queue and job type, and runtime and wait timers by queue with histogram buckets.
 */
@Component
public class JobMetrics {

  public static final String PROCESSED = "allegro.jobs.processed";
  public static final String FAILED = "allegro.jobs.failed";
  public static final String RUNTIME = "allegro.jobs.runtime";
  public static final String WAIT = "allegro.jobs.wait";
  public static final String QUEUE_DEPTH = "allegro.jobs.queue.depth";

  public static final String QUEUE = "queue";
  public static final String JOB = "job";
  public static final String STATE = "state";

  private final MeterRegistry registry;
  private final Map<String, Timer> runtimes = new ConcurrentHashMap<>();
  private final Map<String, Timer> waits = new ConcurrentHashMap<>();
  private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

  private record CounterKey(String name, String queue, String job) {}

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void completed(String queue, String job, Duration runtime) {
    counter(PROCESSED, queue, job).increment();
    timer(runtimes, RUNTIME, queue).record(runtime);
  }

  public void failed(String queue, String job) {
    counter(FAILED, queue, job).increment();
  }

  /** Time from dispatch (or from a delayed job's due time) to the start of its attempt. */
  public void waited(String queue, Duration wait) {
    timer(waits, WAIT, queue).record(wait.isNegative() ? Duration.ZERO : wait);
  }

  private Counter counter(String name, String queue, String job) {
    return counters.computeIfAbsent(
        new CounterKey(name, queue, job),
        key -> Counter.builder(name).tag(QUEUE, queue).tag(JOB, job).register(registry));
  }

  private Timer timer(Map<String, Timer> timers, String name, String queue) {
    return timers.computeIfAbsent(
        queue,
        q ->
            // Buckets, from which Prometheus computes any percentile across nodes
            // (histogram_quantile); percentiles computed here could not be aggregated.
            Timer.builder(name).tag(QUEUE, q).publishPercentileHistogram().register(registry));
  }
}
