package dev.allegro.jobs.internal;

import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/** One call of a Lua script, to be sent together with others by {@link ScriptPipeline}. */
record ScriptCall(RedisScript<?> script, List<String> keys, List<String> args) {

  ScriptCall {
    keys = List.copyOf(keys);
    args = List.copyOf(args);
  }
}
