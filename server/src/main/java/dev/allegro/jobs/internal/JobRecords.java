package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobId;
import dev.allegro.jobs.JobRecord;
import dev.allegro.jobs.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  /** How long completed and pending records are kept: Horizon's recent jobs. */
  public static final Duration RECENT = Duration.ofMinutes(60);

  /** How long failed records are kept. */
  public static final Duration FAILED = Duration.ofDays(7);

  private final StringRedisTemplate redis;
  private final ScriptRunner scripts;
  private final JobKeys keys;
  private final Clock clock;

  JobRecords(StringRedisTemplate redis, ScriptRunner scripts, JobKeys keys, Clock clock) {
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Records jobs as pending, by {@code transition} ({@code DISPATCHED}, {@code RELEASED} or {@code
   * RETRIED}): pending.lua's call, or the records part of a dispatch.
   *
   * @param json each payload written as JSON (what is pushed)
   * @param delay how long the jobs wait before they are ready (their records live this much longer)
   * @param exception the exception of the attempt that failed, or null
   */
  ScriptCall pending(
      String queue,
      List<Payload> payloads,
      List<String> json,
      Duration delay,
      JobTransition transition,
      String exception) {
    if (transition.target() != JobStatus.PENDING) {
      throw new IllegalArgumentException(transition + " does not make a record pending");
    }
    var recordKeys = new ArrayList<String>(payloads.size() + 2);
    recordKeys.add(keys.recentJobs());
    recordKeys.add(keys.jobsIn(JobStatus.PENDING));
    var args = new ArrayList<String>(payloads.size() * 5 + 5);
    args.add(Long.toString(clock.millis()));
    args.add(Long.toString(RECENT.plus(delay).toSeconds()));
    args.add(queue);
    args.add(transition.from());
    args.add(transition.to());
    for (int i = 0; i < payloads.size(); i++) {
      Payload payload = payloads.get(i);
      recordKeys.add(keys.job(payload.uuid()));
      args.add(payload.uuid().toString());
      args.add(payload.job());
      args.add(json.get(i));
      args.add(Long.toString(payload.pushedAt()));
      args.add(exception == null ? "" : exception);
    }
    return new ScriptCall(JobScripts.PENDING, recordKeys, args);
  }

  /** Back to pending after a failed attempt, or when a node gave the job back on shutdown. */
  void released(String queue, Payload payload, String payloadJson, String exception) {
    scripts.run(
        pending(
            queue,
            List.of(payload),
            List.of(payloadJson),
            Duration.ZERO,
            JobTransition.RELEASED,
            exception));
  }

  /**
   * Marks a job's record reserved, where the pop cannot (a Redis Cluster: another slot).
   *
   * @return whether the record moved
   */
  boolean reserved(JobId id) {
    return Long.valueOf(1)
        .equals(
            scripts.run(
                new ScriptCall(
                    JobScripts.RECORD_RESERVED,
                    List.of(keys.job(id)),
                    List.of(
                        Long.toString(clock.millis()),
                        JobTransition.RESERVED.to(),
                        JobTransition.RESERVED.from()))));
  }

  /**
   * Records the end of an attempt: finish.lua's call, or the records part of a settlement.
   *
   * @param payloadJson the payload as it stands now ({@code payload} written as JSON)
   * @param transition {@code COMPLETED} or {@code FAILED}
   * @param exception the failure's stack trace, or null
   */
  ScriptCall finish(
      Payload payload,
      String payloadJson,
      JobTransition transition,
      Instant reservedAt,
      String exception) {
    boolean failed = transition.target() == JobStatus.FAILED;
    if (!failed && transition.target() != JobStatus.COMPLETED) {
      throw new IllegalArgumentException(transition + " does not finish an attempt");
    }
    return new ScriptCall(
        JobScripts.FINISH,
        List.of(
            keys.job(payload.uuid()),
            keys.jobsIn(JobStatus.PENDING),
            keys.jobsIn(transition.target())),
        List.of(
            payload.uuid().toString(),
            transition.to(),
            transition.from(),
            Long.toString(clock.millis()),
            Long.toString(reservedAt.toEpochMilli()),
            Long.toString((failed ? FAILED : RECENT).toSeconds()),
            exception == null ? "" : exception,
            payloadJson));
  }

  public Optional<JobRecord> find(JobId id) {
    return toRecord(redis.opsForHash().entries(keys.job(id)));
  }

  /** Newest first; {@code status} null lists every recent job. */
  public List<JobRecord> list(JobStatus status, int limit) {
    return list(status, 0, limit);
  }

  /** A page of the records in {@code status} (every recent job for null), newest first. */
  public List<JobRecord> list(JobStatus status, long offset, int limit) {
    String list = status == null ? keys.recentJobs() : keys.jobsIn(status);
    var ids = redis.opsForZSet().reverseRange(list, offset, offset + Math.max(0, limit - 1));
    return ids == null ? List.of() : records(ids.stream().map(JobId::parse).toList());
  }

  /** How many records are listed in {@code status} (every recent job for null). */
  public long count(JobStatus status) {
    Long count = redis.opsForZSet().zCard(status == null ? keys.recentJobs() : keys.jobsIn(status));
    return count == null ? 0 : count;
  }

  /** The records of {@code ids} that have not expired, in the order given. */
  public List<JobRecord> records(List<JobId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Object> hashes =
        redis.executePipelined(
            (RedisCallback<Object>)
                connection -> {
                  var c = new DefaultStringRedisConnection(connection);
                  ids.forEach(id -> c.hGetAll(keys.job(id)));
                  return null;
                });
    var records = new ArrayList<JobRecord>();
    for (Object hash : hashes) {
      if (hash instanceof Map<?, ?> map) {
        toRecord(map).ifPresent(records::add);
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

  /** A record as stored; empty when it has expired or holds no payload (a fragment). */
  private static Optional<JobRecord> toRecord(Map<?, ?> hash) {
    Payload payload;
    try {
      payload = Payload.parse(string(hash, "payload"));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(
        new JobRecord(
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
            time(hash, "retried_at"),
            (String) hash.get("exception"),
            string(hash, "payload")));
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
