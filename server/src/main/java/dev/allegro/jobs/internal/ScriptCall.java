package dev.allegro.jobs.internal;

import java.util.Collections;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One call of a Lua script: the script and the KEYS and ARGV its header lists. The lists are
 * wrapped, not copied (a call is made on the hot path of every job): whoever makes a call hands its
 * lists over and does not change them.
 */
record ScriptCall(RedisScript<?> script, List<String> keys, List<String> args) {

  ScriptCall {
    keys = Collections.unmodifiableList(keys);
    args = Collections.unmodifiableList(args);
  }
}
