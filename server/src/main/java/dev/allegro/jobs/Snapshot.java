package dev.allegro.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * One {@code horizon:snapshot} of a queue or job type. A job type's has no {@code wait} nor {@code
 * oldestReadyAge}: they are left out of its JSON, as docs/jobs.md lists its fields.
 *
 * @param throughput jobs completed since the previous snapshot
 * @param runtime their average runtime, milliseconds
 * @param waitTime {@code wait} in JSON: Horizon's time-to-clear estimate in seconds: length ×
 *     runtime / processes (queues only; null for job types)
 * @param time when it was taken, epoch seconds
 * @param oldestReadyAge seconds the oldest ready job has waited (queues only; null for job types)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(
    long throughput,
    double runtime,
    @JsonProperty("wait") Long waitTime,
    long time,
    Long oldestReadyAge) {

  /** A queue's snapshot; with no process taking the queue the wait assumes one. */
  public static Snapshot ofQueue(
      long throughput,
      double runtimeMillis,
      long length,
      int processes,
      Duration oldestReadyAge,
      Instant now) {
    double wait = length * runtimeMillis / Math.max(1, processes) / 1000.0;
    return new Snapshot(
        throughput,
        runtimeMillis,
        Math.round(wait),
        now.getEpochSecond(),
        oldestReadyAge.toSeconds());
  }

  public static Snapshot ofJob(long throughput, double runtimeMillis, Instant now) {
    return new Snapshot(throughput, runtimeMillis, null, now.getEpochSecond(), null);
  }
}
