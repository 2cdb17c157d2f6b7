package dev.allegro.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.jobs.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the job engine's scripts write into records stays within the one typed model. */
class JobScriptsTest {

  private static final Path SCRIPTS = Path.of("src/main/resources/redis/jobs");
  private static final Pattern STATUS_WRITE = Pattern.compile("'status',\\s*([^,)\\s]+)");
  private static final Pattern LITERAL = Pattern.compile("'([a-z_]+)'");

  @Test
  void everyStatusAScriptWritesIsAnEnumConstantOrComesFromTheCaller() throws IOException {
    var labels = Arrays.stream(JobStatus.values()).map(JobStatus::label).toList();
    var written = new ArrayList<String>();
    for (Path script : scripts()) {
      var code = withoutComments(Files.readString(script));
      var writes = STATUS_WRITE.matcher(code);
      while (writes.find()) {
        String value = writes.group(1);
        written.add(script.getFileName() + ": " + value);
        var literal = LITERAL.matcher(value);
        if (literal.matches()) {
          assertThat(labels).as(script + " writes status " + value).contains(literal.group(1));
        } else {
          // a value handed in by JobRecords or RedisQueue, which take it from a JobTransition
          assertThat(value)
              .as(script + " writes status " + value)
              .matches("[A-Za-z_][\\w\\[\\] +]*");
        }
      }
    }
    assertThat(written).as("the scripts that write statuses were found").hasSizeGreaterThan(3);
  }

  @Test
  void noScriptNamesAStatusOfItsOwn() throws IOException {
    for (Path script : scripts()) {
      var code = withoutComments(Files.readString(script));
      for (JobStatus status : JobStatus.values()) {
        if (status == JobStatus.FAILED) {
          continue; // also the name of a metrics counter, which add-metrics.lua raises
        }
        assertThat(code).as(script.toString()).doesNotContain("'" + status.label() + "'");
      }
    }
  }

  private static String withoutComments(String source) {
    return source.lines().map(line -> line.replaceFirst("--.*$", "")).reduce("", (a, b) -> a + b);
  }

  private static List<Path> scripts() throws IOException {
    try (Stream<Path> files = Files.walk(SCRIPTS)) {
      return files.filter(p -> p.toString().endsWith(".lua")).sorted().toList();
    }
  }
}
