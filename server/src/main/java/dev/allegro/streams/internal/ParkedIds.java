package dev.allegro.streams.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The ids of the events the relay parked (park.lua) for a queue a {@link StreamRebuild} holds, by
 * tenant, read as they come: a park only grows while the rebuild runs.
 */
final class ParkedIds {

  private static final int STEP = 1000;

  private final StringRedisTemplate redis;
  private final String park;
  private final Map<String, Set<String>> byTenant = new HashMap<>();
  private String last;

  ParkedIds(StringRedisTemplate redis, String park) {
    this.redis = redis;
    this.park = park;
  }

  /** The ids parked so far of the tenant's events. */
  Set<String> of(long tenant) {
    List<MapRecord<String, Object, Object>> entries;
    do {
      Range<String> after = last == null ? Range.unbounded() : Range.leftOpen(last, "+");
      entries = redis.opsForStream().range(park, after, Limit.limit().count(STEP));
      for (var entry : entries) {
        var ids =
            byTenant.computeIfAbsent((String) entry.getValue().get("t"), t -> new HashSet<>());
        ids.addAll(List.of(((String) entry.getValue().get("ids")).split(",")));
        last = entry.getId().getValue();
      }
    } while (entries.size() == STEP);
    return byTenant.getOrDefault(Long.toString(tenant), Set.of());
  }
}
