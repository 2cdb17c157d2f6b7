package dev.allegro.jobs.internal;

import dev.allegro.jobs.SupervisorRecord;
import dev.allegro.jobs.SupervisorStatus;
import dev.allegro.jobs.WorkerRecord;
import dev.allegro.jobs.WorkerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The supervisors' and workers' heartbeat records: hashes that expire {@link #TTL} after the last
 * beat, so a dead node's records vanish by themselves.
 */
@Component
public class SupervisorRecords {

  static final Duration TTL = Duration.ofSeconds(10);

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private final Clock clock;

  SupervisorRecords(StringRedisTemplate redis, JobKeys keys, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
  }

  public void publish(SupervisorRecord supervisor) {
    long now = clock.millis();
    redis.executePipelined(
        (RedisCallback<Object>)
            connection -> {
              var c = new DefaultStringRedisConnection(connection);
              String key = keys.supervisor(supervisor.name());
              var fields = new HashMap<String, String>();
              fields.put("name", supervisor.name());
              fields.put("node", supervisor.node());
              fields.put("pid", Long.toString(supervisor.pid()));
              fields.put("status", supervisor.status().label());
              fields.put("balance", supervisor.balance());
              fields.put("queues", String.join(",", supervisor.queues()));
              fields.put("heartbeat_at", Long.toString(now));
              fields.put(
                  "workers",
                  String.join(",", supervisor.workers().stream().map(WorkerRecord::name).toList()));
              c.hMSet(key, fields);
              c.pExpire(key, TTL.toMillis());
              c.zAdd(keys.supervisors(), now, supervisor.name());
              for (WorkerRecord worker : supervisor.workers()) {
                String workerKey = keys.worker(worker.name());
                c.hMSet(
                    workerKey,
                    Map.of(
                        "name", worker.name(),
                        "supervisor", supervisor.name(),
                        "queues", String.join(",", worker.queues()),
                        "status", worker.status().label(),
                        "job", worker.job() == null ? "" : worker.job(),
                        "job_started_at",
                            worker.jobStartedAt() == null
                                ? ""
                                : Long.toString(worker.jobStartedAt().toEpochMilli())));
                c.pExpire(workerKey, TTL.toMillis());
              }
              c.zRemRangeByScore(keys.supervisors(), 0, now - TTL.toMillis() * 3);
              return null;
            });
  }

  public void remove(SupervisorRecord supervisor) {
    var doomed = new ArrayList<String>();
    doomed.add(keys.supervisor(supervisor.name()));
    supervisor.workers().forEach(w -> doomed.add(keys.worker(w.name())));
    redis.delete(doomed);
    redis.opsForZSet().remove(keys.supervisors(), supervisor.name());
  }

  /** The supervisors whose records have not expired, with their workers. */
  public List<SupervisorRecord> alive() {
    var names = redis.opsForZSet().range(keys.supervisors(), 0, -1);
    var result = new ArrayList<SupervisorRecord>();
    if (names == null) {
      return result;
    }
    for (String name : names) {
      Map<Object, Object> hash = redis.opsForHash().entries(keys.supervisor(name));
      if (hash.isEmpty()) {
        continue;
      }
      var workers = new ArrayList<WorkerRecord>();
      for (String worker : split(hash.get("workers"))) {
        Map<Object, Object> w = redis.opsForHash().entries(keys.worker(worker));
        if (!w.isEmpty()) {
          String job = String.valueOf(w.get("job"));
          workers.add(
              new WorkerRecord(
                  worker,
                  split(w.get("queues")),
                  WorkerStatus.parse(String.valueOf(w.get("status"))),
                  job.isEmpty() ? null : job,
                  time(w.get("job_started_at"))));
        }
      }
      result.add(
          new SupervisorRecord(
              name,
              String.valueOf(hash.get("node")),
              Long.parseLong(String.valueOf(hash.get("pid"))),
              SupervisorStatus.parse(String.valueOf(hash.get("status"))),
              String.valueOf(hash.get("balance")),
              split(hash.get("queues")),
              workers,
              time(hash.get("heartbeat_at"))));
    }
    return result;
  }

  /** Workers, across every live supervisor, that take jobs from {@code queue}. */
  public int processesFor(String queue) {
    return (int)
        alive().stream()
            .flatMap(s -> s.workers().stream())
            .filter(w -> w.queues().contains(queue))
            .count();
  }

  private static Instant time(Object epochMillis) {
    return epochMillis == null || epochMillis.toString().isEmpty()
        ? null
        : Instant.ofEpochMilli(Long.parseLong(epochMillis.toString()));
  }

  private static List<String> split(Object value) {
    if (value == null || value.toString().isEmpty()) {
      return List.of();
    }
    return Arrays.asList(value.toString().split(","));
  }
}
