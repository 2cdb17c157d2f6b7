package dev.allegro.jobs;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.JobRecords;
import dev.allegro.system.CacheInvalidation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Horizon's tag monitoring: while a tag is monitored, every job dispatched with it is listed under
 * the tag, so its jobs and their failures can be followed (records keep their usual retention:
 * completed an hour, failed seven days).
 */
@Service
public class JobTags {

  private static final String TOPIC = "horizon:monitoring";

  private final StringRedisTemplate redis;
  private final JobKeys keys;
  private final JobRecords records;
  private final CacheInvalidation invalidation;
  private final Clock clock;
  private final LoadingCache<String, Set<String>> monitored;

  JobTags(
      StringRedisTemplate redis,
      JobKeys keys,
      JobRecords records,
      CacheInvalidation invalidation,
      Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.records = records;
    this.invalidation = invalidation;
    this.clock = clock;
    this.monitored = invalidation.cache(TOPIC, Duration.ofSeconds(1), all -> members());
  }

  /** A monitored tag and how many jobs it lists. */
  public record Monitored(String tag, long count) {}

  public void monitor(String tag) {
    redis.opsForSet().add(keys.monitoredTags(), requireTag(tag));
    invalidation.broadcast(TOPIC);
  }

  /** Stops monitoring {@code tag} and forgets its list. */
  public void stopMonitoring(String tag) {
    redis.opsForSet().remove(keys.monitoredTags(), tag);
    redis.delete(keys.taggedJobs(tag));
    invalidation.broadcast(TOPIC);
  }

  /** The monitored tags, sorted, with their job counts. */
  public List<Monitored> monitored() {
    var tags = members().stream().sorted().toList();
    var result = new ArrayList<Monitored>();
    for (String tag : tags) {
      Long count = redis.opsForZSet().zCard(keys.taggedJobs(tag));
      result.add(new Monitored(tag, count == null ? 0 : count));
    }
    return result;
  }

  /** A page of the jobs listed under {@code tag}, newest first. */
  public List<JobRecord> jobs(String tag, long offset, int limit) {
    var ids = redis.opsForZSet().reverseRange(keys.taggedJobs(tag), offset, offset + limit - 1);
    return ids == null ? List.of() : records.records(ids.stream().map(JobId::parse).toList());
  }

  public long count(String tag) {
    Long count = redis.opsForZSet().zCard(keys.taggedJobs(tag));
    return count == null ? 0 : count;
  }

  /** Lists jobs dispatched with {@code tags} under those that are monitored. */
  void dispatched(List<JobId> ids, List<String> tags) {
    Set<String> watching = monitored.get("all");
    if (tags.stream().noneMatch(watching::contains)) {
      return;
    }
    long now = clock.millis();
    redis.executePipelined(
        (RedisCallback<Object>)
            connection -> {
              var c = new DefaultStringRedisConnection(connection);
              for (String tag : tags) {
                if (watching.contains(tag)) {
                  ids.forEach(id -> c.zAdd(keys.taggedJobs(tag), now, id.toString()));
                }
              }
              return null;
            });
  }

  /** Drops list entries older than the longest record retention (a failed job's seven days). */
  public void trim(Duration keep) {
    double cut = clock.millis() - keep.toMillis();
    for (String tag : members()) {
      redis.opsForZSet().removeRangeByScore(keys.taggedJobs(tag), 0, cut);
    }
  }

  private Set<String> members() {
    var members = redis.opsForSet().members(keys.monitoredTags());
    return members == null ? Set.of() : Set.copyOf(members);
  }

  private static String requireTag(String tag) {
    if (tag == null || tag.isBlank() || tag.length() > 255) {
      throw new IllegalArgumentException("tag: a tag is 1 to 255 characters");
    }
    return tag.trim();
  }
}
