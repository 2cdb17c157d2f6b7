package dev.allegro.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts read from the classpath once, at start. A line {@code --- @include NAME} is replaced
 * by the file {@code includes/NAME.lua} next to the script (as BullMQ assembles its scripts), each
 * include at most once per script, nested includes resolved the same way. The source is then fixed
 * for the life of the jar: nothing is assembled per call.
 */
public final class LuaScripts {

  private static final Pattern INCLUDE =
      Pattern.compile("^--- @include ([a-z0-9-]+)\\s*$", Pattern.MULTILINE);

  private LuaScripts() {}

  public static <T> RedisScript<T> load(String location, Class<T> resultType) {
    return RedisScript.of(source(location), resultType);
  }

  /** The script at {@code location} with its includes written in. */
  public static String source(String location) {
    String directory = location.substring(0, location.lastIndexOf('/') + 1);
    return expand(read(location), directory + "includes/", new LinkedHashSet<>());
  }

  private static String expand(String source, String includes, Set<String> done) {
    Matcher include = INCLUDE.matcher(source);
    var out = new StringBuilder();
    while (include.find()) {
      String name = include.group(1);
      String body = done.add(name) ? expand(read(includes + name + ".lua"), includes, done) : "";
      include.appendReplacement(out, Matcher.quoteReplacement(body.stripTrailing()));
    }
    include.appendTail(out);
    return out.toString();
  }

  private static String read(String location) {
    try {
      return new ClassPathResource(location).getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Lua script " + location, e);
    }
  }
}
