package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LuaScriptsTest {

  private static final Path SCRIPTS = Path.of("src/main/resources/redis");

  @Test
  void anIncludeIsWrittenInOnceWhereItFirstStandsAndNestedIncludesToo() {
    // complete.lua includes record-finished and reserve, which both include may-move
    String source = LuaScripts.source("redis/jobs/complete.lua");

    assertThat(source).doesNotContain("--- @include");
    assertThat(occurrences(source, "local function may_move(")).isEqualTo(1);
    assertThat(occurrences(source, "local function record_finished(")).isEqualTo(1);
    assertThat(occurrences(source, "local function reserve(")).isEqualTo(1);
    assertThat(source.indexOf("local function may_move("))
        .isLessThan(source.indexOf("local function record_finished("));
    assertThat(source.indexOf("local function reserve("))
        .isLessThan(source.indexOf("local held = redis.call('zrem'"));
  }

  @Test
  void aScriptWithoutIncludesIsReadAsItIs() throws IOException {
    assertThat(LuaScripts.source("redis/jobs/push.lua"))
        .isEqualTo(Files.readString(SCRIPTS.resolve("jobs/push.lua")));
  }

  @Test
  void anIncludeThatDoesNotExistFailsWhenTheScriptIsLoaded() {
    assertThatThrownBy(() -> LuaScripts.source("redis/test/includes-missing.lua"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("redis/test/includes/no-such-piece.lua");
  }

  @Test
  void everyScriptStartsWithAHeaderThatListsItsKeysAndArguments() throws IOException {
    for (Path script : scripts()) {
      var header =
          Files.readAllLines(script).stream().takeWhile(line -> line.startsWith("--")).toList();
      String text = String.join("\n", header);
      assertThat(header).as(script.toString()).isNotEmpty();
      if (!script.getParent().getFileName().toString().equals("includes")) {
        assertThat(text).as(script + " names its KEYS").contains("KEYS");
        assertThat(text).as(script + " names its ARGV").contains("ARGV");
      }
    }
  }

  @Test
  void everyScriptLoadsWithItsIncludes() throws IOException {
    for (Path script : scripts()) {
      if (script.getParent().getFileName().toString().equals("includes")) {
        continue;
      }
      String location = "redis/" + SCRIPTS.relativize(script).toString().replace('\\', '/');
      assertThat(LuaScripts.source(location)).as(location).doesNotContain("--- @include");
    }
  }

  static List<Path> scripts() throws IOException {
    try (Stream<Path> files = Files.walk(SCRIPTS)) {
      return files.filter(p -> p.toString().endsWith(".lua")).sorted().toList();
    }
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
