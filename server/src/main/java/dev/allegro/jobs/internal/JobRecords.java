package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobId;
import dev.allegro.jobs.JobRecord;
import dev.allegro.jobs.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Horizon's job records: a hash per job and, newest first, the recent, pending, completed and
 * failed lists. Recent, pending and completed records are kept 60 minutes, failed ones 7 days.
 */
@Component
public class JobRecords {

  static final Duration RECENT = Duration.ofMinutes(60);
  static final Duration FAILED = Duration.ofDays(7);

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private final Clock clock;

  JobRecords(StringRedisTemplate redis, JobKeys keys, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Records dispatched jobs as pending, as a call to send along with their push.
   *
   * @param again true when the jobs ran before (a retry): their records become pending again
   */
  ScriptCall pending(String queue, List<Payload> payloads, Duration delay, boolean again) {
    var recordKeys = new ArrayList<String>(payloads.size() + 2);
    recordKeys.add(keys.recentJobs());
    recordKeys.add(keys.jobsIn(JobStatus.PENDING));
    var args = new ArrayList<String>(payloads.size() * 4 + 4);
    args.add(Long.toString(clock.millis()));
    args.add(Long.toString(RECENT.plus(delay).toSeconds()));
    args.add(queue);
    args.add(again ? "again" : "new");
    for (Payload payload : payloads) {
      recordKeys.add(keys.job(payload.uuid()));
      args.add(payload.uuid().toString());
      args.add(payload.job());
      args.add(payload.toJson());
      args.add(Long.toString(payload.pushedAt()));
    }
    return new ScriptCall(JobScripts.PENDING, recordKeys, args);
  }

  /** Back to pending after a failed attempt, or when a node gave the job back on shutdown. */
  public void released(Payload payload, String exception) {
    var fields = new HashMap<String, String>();
    fields.put("status", JobStatus.PENDING.label());
    fields.put("updated_at", Long.toString(clock.millis()));
    fields.put("payload", payload.toJson());
    if (exception != null) {
      fields.put("exception", exception);
    }
    redis.opsForHash().putAll(keys.job(payload.uuid()), fields);
  }

  /**
   * Records the end of a job and counts it in its queue's and type's metrics, as one script call.
   *
   * @param payloadJson the payload as it stands now ({@code payload} written as JSON)
   * @param status {@code COMPLETED} or {@code FAILED}
   */
  ScriptCall finish(
      String queue,
      Payload payload,
      String payloadJson,
      JobStatus status,
      Instant reservedAt,
      Duration runtime,
      String exception) {
    var ttl = status == JobStatus.FAILED ? FAILED : RECENT;
    return new ScriptCall(
        JobScripts.FINISH,
        List.of(
            keys.job(payload.uuid()),
            keys.jobsIn(JobStatus.PENDING),
            keys.jobsIn(status),
            keys.queueMetrics(queue),
            keys.jobMetrics(payload.job()),
            keys.measuredQueues(),
            keys.measuredJobs()),
        List.of(
            payload.uuid().toString(),
            status.label(),
            Long.toString(clock.millis()),
            Long.toString(reservedAt.toEpochMilli()),
            Long.toString(runtime.toNanos() / 1_000),
            Long.toString(ttl.toSeconds()),
            queue,
            payload.job(),
            exception == null ? "" : exception,
            payloadJson));
  }

  public Optional<JobRecord> find(JobId id) {
    Map<Object, Object> hash = redis.opsForHash().entries(keys.job(id));
    return hash.isEmpty() ? Optional.empty() : Optional.of(toRecord(hash));
  }

  /** Newest first; {@code status} null lists every recent job. */
  public List<JobRecord> list(JobStatus status, int limit) {
    String list = status == null ? keys.recentJobs() : keys.jobsIn(status);
    var ids = redis.opsForZSet().reverseRange(list, 0, Math.max(0, limit - 1));
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    var idList = new ArrayList<>(ids);
    List<Object> hashes =
        redis.executePipelined(
            (RedisCallback<Object>)
                connection -> {
                  var c = new DefaultStringRedisConnection(connection);
                  idList.forEach(id -> c.hGetAll(keys.job(JobId.parse(id))));
                  return null;
                });
    var records = new ArrayList<JobRecord>();
    for (Object hash : hashes) {
      if (hash instanceof Map<?, ?> map && !map.isEmpty()) {
        records.add(toRecord(map));
      }
    }
    return records;
  }

  /** Drops list entries past their retention; the hashes expire by themselves. */
  public void trim() {
    long now = clock.millis();
    double recentCut = now - RECENT.toMillis();
    redis.opsForZSet().removeRangeByScore(keys.recentJobs(), 0, recentCut);
    redis.opsForZSet().removeRangeByScore(keys.jobsIn(JobStatus.PENDING), 0, recentCut);
    redis.opsForZSet().removeRangeByScore(keys.jobsIn(JobStatus.COMPLETED), 0, recentCut);
    redis
        .opsForZSet()
        .removeRangeByScore(keys.jobsIn(JobStatus.FAILED), 0, now - FAILED.toMillis());
  }

  private static JobRecord toRecord(Map<?, ?> hash) {
    Payload payload = Payload.parse(string(hash, "payload"));
    return new JobRecord(
        payload.uuid(),
        string(hash, "name"),
        string(hash, "queue"),
        JobStatus.parse(string(hash, "status")),
        payload.attempts(),
        payload.tags(),
        Instant.ofEpochMilli(payload.pushedAt()),
        time(hash, "reserved_at"),
        time(hash, "completed_at"),
        time(hash, "failed_at"),
        (String) hash.get("exception"),
        string(hash, "payload"));
  }

  private static String string(Map<?, ?> hash, String field) {
    Object value = hash.get(field);
    return value == null ? "" : value.toString();
  }

  private static Instant time(Map<?, ?> hash, String field) {
    Object value = hash.get(field);
    return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.toString()));
  }
}
