package dev.allegro.jobs.internal;

import dev.allegro.system.LuaScripts;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts under {@code redis/jobs/}, each file's header listing its KEYS and ARGV; read
 * once, with their includes, and called by SHA. Those marked "one Redis" combine steps whose keys a
 * Redis Cluster keeps in different slots; {@link ClusterJobStore} sends the single steps instead.
 */
final class JobScripts {

  static final RedisScript<Long> PUSH = script("push", Long.class);
  static final RedisScript<Long> LATER = script("later", Long.class);
  static final RedisScript<List<Object>> POP = list("pop");
  static final RedisScript<Long> RELEASE = script("release", Long.class);
  static final RedisScript<Long> DELETE_RESERVED = script("delete-reserved", Long.class);
  static final RedisScript<Long> MIGRATE_EXPIRED = script("migrate-expired", Long.class);
  static final RedisScript<List<Object>> SIZE = list("size");
  static final RedisScript<Long> PENDING = script("pending", Long.class);
  static final RedisScript<Long> RECORD_RESERVED = script("record-reserved", Long.class);
  static final RedisScript<Long> FINISH = script("finish", Long.class);
  static final RedisScript<List<Object>> TAKE_METRICS = list("take-metrics");
  static final RedisScript<Long> ADD_METRICS = script("add-metrics", Long.class);

  /** One Redis: pending records and the push. */
  static final RedisScript<Long> DISPATCH = script("dispatch", Long.class);

  /** One Redis: pending records and the delayed zset. */
  static final RedisScript<Long> DISPATCH_LATER = script("dispatch-later", Long.class);

  /** One Redis: delete the reservation, record the completion, pop the next job. */
  static final RedisScript<List<Object>> COMPLETE = list("complete");

  /** One Redis: delete the reservation, record the failure. */
  static final RedisScript<List<Object>> FAIL = list("fail");

  private JobScripts() {}

  private static <T> RedisScript<T> script(String name, Class<T> type) {
    return LuaScripts.load("redis/jobs/" + name + ".lua", type);
  }

  @SuppressWarnings("unchecked")
  private static RedisScript<List<Object>> list(String name) {
    return script(name, (Class<List<Object>>) (Class<?>) List.class);
  }
}
