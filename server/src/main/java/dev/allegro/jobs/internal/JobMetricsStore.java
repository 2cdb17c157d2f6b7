package dev.allegro.jobs.internal;

import dev.allegro.jobs.Snapshot;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Horizon's metrics hashes (added to by {@link JobCounters}) and the snapshots taken of them. */
@Component
public class JobMetricsStore {

  /**
   * The counter finish.lua raises for a completed job (and adds its runtime to {@code runtime_us}).
   */
  static final String THROUGHPUT = "throughput";

  /** The counter finish.lua raises for a failed job. */
  static final String FAILED = "failed";

  private static final JsonMapper JSON = JobJson.MAPPER;

  private final StringRedisTemplate redis;
  private final ScriptRunner scripts;
  private final JobKeys keys;
  private final JobCounters counters;

  JobMetricsStore(
      StringRedisTemplate redis, ScriptRunner scripts, JobKeys keys, JobCounters counters) {
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.counters = counters;
  }

  /**
   * One metrics hash as it was, which is reset in the same step.
   *
   * @param runtime the average runtime of the completed jobs, in milliseconds
   */
  public record Taken(long throughput, double runtime, long failed) {}

  public Set<String> measuredQueues() {
    counters.flush();
    return members(keys.measuredQueues());
  }

  public Set<String> measuredJobs() {
    counters.flush();
    return members(keys.measuredJobs());
  }

  /** Reads and resets one metrics hash, after adding what this node counted so far. */
  public Taken take(String metricsKey) {
    counters.flush();
    var values =
        (List<?>)
            scripts.run(new ScriptCall(JobScripts.TAKE_METRICS, List.of(metricsKey), List.of()));
    long throughput = ((Number) values.get(0)).longValue();
    long runtimeMicros = ((Number) values.get(1)).longValue();
    return new Taken(
        throughput,
        throughput == 0 ? 0 : runtimeMicros / 1_000.0 / throughput,
        ((Number) values.get(2)).longValue());
  }

  /**
   * The average runtime, in milliseconds, of the jobs a metrics hash has counted since the last
   * snapshot (this node's counts added first); 0 when it counted none.
   */
  public double averageRuntime(String metricsKey) {
    counters.flush();
    List<Object> values =
        redis.opsForHash().multiGet(metricsKey, List.of("throughput", "runtime_us"));
    long throughput = values.get(0) == null ? 0 : Long.parseLong(values.get(0).toString());
    long runtimeMicros = values.get(1) == null ? 0 : Long.parseLong(values.get(1).toString());
    return throughput == 0 ? 0 : runtimeMicros / 1_000.0 / throughput;
  }

  public void append(String snapshotsKey, Snapshot snapshot, int keep) {
    String json = JSON.writeValueAsString(snapshot);
    redis.executePipelined(
        (RedisCallback<Object>)
            connection -> {
              var c = new DefaultStringRedisConnection(connection);
              c.zAdd(snapshotsKey, snapshot.time(), json);
              c.zRemRange(snapshotsKey, 0, -(keep + 1));
              return null;
            });
  }

  public List<Snapshot> read(String snapshotsKey) {
    var values = redis.opsForZSet().range(snapshotsKey, 0, -1);
    return values == null
        ? List.of()
        : values.stream().map(v -> JSON.readValue(v, Snapshot.class)).toList();
  }

  private Set<String> members(String key) {
    var values = redis.opsForSet().members(key);
    return values == null ? Set.of() : values;
  }
}
