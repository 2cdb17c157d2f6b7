package dev.allegro.jobs.internal;

import dev.allegro.system.LuaScripts;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts under {@code redis/jobs/}, loaded once and called by SHA. */
final class JobScripts {

  static final RedisScript<Long> PUSH = script("push", Long.class);
  static final RedisScript<Long> LATER = script("later", Long.class);
  static final RedisScript<List<Object>> POP = list("pop");
  static final RedisScript<Long> RELEASE = script("release", Long.class);
  static final RedisScript<Long> DELETE_RESERVED = script("delete-reserved", Long.class);
  static final RedisScript<Long> MIGRATE_EXPIRED = script("migrate-expired", Long.class);
  static final RedisScript<List<Object>> SIZE = list("size");
  static final RedisScript<Long> PENDING = script("pending", Long.class);
  static final RedisScript<Long> FINISH = script("finish", Long.class);
  static final RedisScript<List<Object>> TAKE_METRICS = list("take-metrics");
  static final RedisScript<Long> UNLOCK = script("unlock", Long.class);

  private JobScripts() {}

  private static <T> RedisScript<T> script(String name, Class<T> type) {
    return LuaScripts.load("redis/jobs/" + name + ".lua", type);
  }

  @SuppressWarnings("unchecked")
  private static RedisScript<List<Object>> list(String name) {
    return script(name, (Class<List<Object>>) (Class<?>) List.class);
  }
}
