package dev.allegro.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts read from the classpath once. A script made from a resource would look at the
 * resource's modification time on every call to know its SHA; these are fixed for the life of the
 * jar.
 */
public final class LuaScripts {

  private LuaScripts() {}

  public static <T> RedisScript<T> load(String location, Class<T> resultType) {
    try {
      String source = new ClassPathResource(location).getContentAsString(StandardCharsets.UTF_8);
      return RedisScript.of(source, resultType);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Lua script " + location, e);
    }
  }
}
