package dev.allegro.jobs.internal;

import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/** One call of a Lua script: the script and the KEYS and ARGV its header lists. */
record ScriptCall(RedisScript<?> script, List<String> keys, List<String> args) {

  ScriptCall {
    keys = List.copyOf(keys);
    args = List.copyOf(args);
  }
}
