package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.test.TestInfrastructure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up cache: once it is made, a one-shot command runs in a child JVM that maps
 * it, with the same output, errors and exit codes as in the launching JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartupCacheIT {

  @TempDir static Path directory;
  private final Map<String, String> env = new HashMap<>();

  @BeforeAll
  void aDatabaseAndTheCache() throws IOException {
    var properties = TestInfrastructure.get().isolatedProperties("StartupCacheIT");
    env.put("DB_URL", properties.get("spring.datasource.url").toString());
    env.put("DB_USERNAME", properties.get("spring.datasource.username").toString());
    env.put("DB_PASSWORD", properties.get("spring.datasource.password").toString());
    env.put("REDIS_HOST", properties.get("spring.data.redis.host").toString());
    env.put("REDIS_PORT", properties.get("spring.data.redis.port").toString());
    env.put("ALLEGRO_REDIS_PREFIX", properties.get("allegro.redis-prefix").toString());
    env.put("HORIZON_PREFIX", properties.get("allegro.jobs.prefix").toString());

    var prepare = Jar.run(directory, env, PrepareCommand.NAME);
    assertThat(prepare.exitCode()).as(prepare.err()).isZero();
    // a command of another test may have started the same preparation in the background
    await().atMost(Duration.ofMinutes(3)).until(StartupCacheIT::ready);
  }

  @Test
  void aOneShotCommandRunsInAChildThatMapsTheCacheWithTheSameOutputAndExitCodes() throws Exception {
    var created =
        runWatchingForAChild("tenant:create", "cached", "--name", "C", "--domain", "c.test");
    assertThat(created.relaunched()).as("ran in a child JVM with the cache").isTrue();
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out().strip()).matches("\\d+");

    var listed = Jar.run(directory, env, "tenant:list");
    assertThat(listed.out()).containsPattern("cached +C +c.test");

    var refused = Jar.run(directory, env, "token:create", "nobody@c.test", "--name", "t");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("nobody@c.test");
    assertThat(refused.out()).isEmpty();

    var usage = Jar.run(directory, env, "token:create", "nobody@c.test", "--name", "t", "-x");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("Unknown option: '-x'");
  }

  @Test
  void aCdsArchiveAsOnJdk21ServesTheSameWay() throws Exception {
    var options = List.of("-D" + StartupCache.ARCHIVE + "=cds");
    var prepare = Jar.run(directory, env, options, PrepareCommand.NAME);
    assertThat(prepare.exitCode()).as(prepare.err()).isZero();

    var listed = runWatchingForAChild(options, "tenant:list");

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.relaunched()).isTrue();
    assertThat(listed.out()).startsWith("ID");
  }

  @Test
  void withTheCacheSwitchedOffACommandRunsInTheLaunchingJvm() throws Exception {
    env.put("ALLEGRO_CLI_CACHE", "false");
    try {
      var listed = runWatchingForAChild("tenant:list");
      assertThat(listed.exitCode()).as(listed.err()).isZero();
      assertThat(listed.relaunched()).isFalse();
    } finally {
      env.remove("ALLEGRO_CLI_CACHE");
    }
  }

  private record Watched(int exitCode, String out, String err, boolean relaunched) {}

  /** Runs a command, looking meanwhile for a child JVM started to run it. */
  private Watched runWatchingForAChild(String... args) throws Exception {
    return runWatchingForAChild(List.of(), args);
  }

  private Watched runWatchingForAChild(List<String> jvmOptions, String... args) throws Exception {
    Path err = Files.createTempFile(directory, "stderr-", ".log");
    Path out = Files.createTempFile(directory, "stdout-", ".log");
    var process =
        Jar.process(directory, env, jvmOptions, List.of(args))
            .redirectError(err.toFile())
            .redirectOutput(out.toFile())
            .start();
    boolean relaunched = false;
    while (process.isAlive()) {
      relaunched |=
          process
              .descendants()
              .anyMatch(
                  child ->
                      child.info().arguments().stream()
                          .flatMap(Stream::of)
                          .anyMatch(a -> a.equals("-D" + StartupCache.RELAUNCHED + "=true")));
      process.waitFor(10, TimeUnit.MILLISECONDS);
    }
    return new Watched(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        relaunched);
  }

  private static boolean ready() {
    return StartupCache.forJar(Jar.PATH).orElseThrow().ready();
  }
}
