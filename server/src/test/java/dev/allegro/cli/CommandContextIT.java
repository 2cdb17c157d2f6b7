package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Controller;

/**
 * One-shot commands in the context the jar gives them ({@link CommandContext}), not in a test's
 * whole application: on a database and Redis key prefix of this class's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandContextIT {

  private final Map<String, String> restore = new HashMap<>();
  private ConfigurableApplicationContext context;
  private CliRunner cli;

  @TempDir Path directory;

  @BeforeAll
  void startACommandsContext() {
    var properties = TestInfrastructure.get().isolatedProperties("CommandContextIT");
    // application.yml sets the prefixes from the environment, over the defaults a launch passes
    for (String key : List.of("allegro.redis-prefix", "allegro.jobs.prefix")) {
      restore.put(key, System.getProperty(key));
      System.setProperty(key, properties.get(key).toString());
    }
    context = Platform.startCommandContext(properties);
    cli = new CliRunner(context);
  }

  @AfterAll
  void stop() {
    context.close();
    restore.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  /** The versions of the migrations the jar carries (features number theirs in ranges). */
  private static java.util.List<Integer> migrationVersions() {
    try (var files =
        java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void horizonConfigPrintsYamlThatHorizonConfigReadsBackAndTheEnvironmentStillWins()
      throws Exception {
    var infrastructure = TestInfrastructure.get();
    String database = "t_hconfig_" + UUID.randomUUID().toString().substring(0, 8);
    infrastructure.createDatabase(database);
    var env = new HashMap<String, String>();
    env.put("DB_URL", infrastructure.jdbcUrl(database));
    env.put("DB_USERNAME", infrastructure.user());
    env.put("DB_PASSWORD", infrastructure.password());
    env.put("REDIS_HOST", infrastructure.redisHost());
    env.put("REDIS_PORT", Integer.toString(infrastructure.redisPort()));

    // the published defaults parse as YAML, with each environment's changes
    var published = Jar.run(directory, env, "horizon:config");
    assertThat(published.exitCode()).as(published.err()).isZero();
    Map<String, Object> yaml = new org.yaml.snakeyaml.Yaml().load(published.out());
    var jobs = (Map<String, Object>) ((Map<String, Object>) yaml.get("allegro")).get("jobs");
    var supervisor = (Map<String, Object>) jobs.get("supervisor");
    assertThat(supervisor)
        .containsEntry("balance", "false")
        .containsEntry("queue", List.of("high", "default", "audience-sync"))
        .containsEntry("max-processes", 1)
        .containsEntry("timeout", "1m");
    assertThat((Map<String, Object>) jobs.get("environments"))
        .containsEntry("production", Map.of("max-processes", 5));

    // edited and saved as the file HORIZON_CONFIG names, it is read back at start
    java.nio.file.Path file = directory.resolve("horizon-custom.yml");
    java.nio.file.Files.writeString(
        file,
        published
            .out()
            .replace("      max-processes: 1\n", "      max-processes: 3\n")
            .replace("timeout: 1m", "timeout: 90s"));
    env.put("HORIZON_CONFIG", file.toString());
    var read = Jar.run(directory, env, "horizon:config");
    assertThat(read.out()).contains("      max-processes: 3\n").contains("timeout: 90s");
    assertThat(read.out()).contains("In force here (APP_ENV=local): ").contains("max-processes=3");

    // an environment variable still wins over the file
    env.put("ALLEGRO_JOBS_SUPERVISOR_MAXPROCESSES", "7");
    assertThat(Jar.run(directory, env, "horizon:config").out()).contains("max-processes=7");

    // a HORIZON_CONFIG that names no file stops the start, naming it
    env.put("HORIZON_CONFIG", directory.resolve("missing.yml").toString());
    var missing = Jar.run(directory, env, "horizon:config");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.out() + missing.err()).contains("missing.yml");
  }

  @Test
  void migrateOnAnEmptyDatabaseReportsTheMigrationsItApplied() {
    var infrastructure = TestInfrastructure.get();
    String database = "t_migrate_" + UUID.randomUUID().toString().substring(0, 8);
    infrastructure.createDatabase(database);
    var env =
        Map.of(
            "DB_URL", infrastructure.jdbcUrl(database),
            "DB_USERNAME", infrastructure.user(),
            "DB_PASSWORD", infrastructure.password(),
            "REDIS_HOST", infrastructure.redisHost(),
            "REDIS_PORT", Integer.toString(infrastructure.redisPort()));

    var versions = migrationVersions();
    int migrations = versions.size();
    int latest = versions.getLast();

    var first = Jar.run(directory, env, "migrate");
    var second = Jar.run(directory, env, "migrate");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains(
            "Database schema at version %d (%d migrations applied now)."
                .formatted(latest, migrations));
    assertThat(second.out())
        .contains("Database schema at version %d (0 migrations applied now).".formatted(latest));
  }

  @Test
  void everyOneShotCommandRuns() {
    assertOk("tenant:create", "krusty", "--name", "Krusty", "--domain", "krusty.test");
    assertThat(assertOk("tenant:list").out()).contains("krusty.test");
    assertOk("user:create", "bob@krusty.test", "--tenant", "krusty");
    String token = assertOk("token:create", "bob@krusty.test", "--name", "t").out().strip();
    assertOk("token:revoke", token.substring(0, token.indexOf('|')));
    assertOk("feature:activate", "UseRedisEvents", "--tenant", "krusty");
    assertOk("feature:deactivate", "UseRedisEvents", "--all");
    assertThat(assertOk("feature:list").out()).containsPattern("krusty +inactive");
    assertThat(assertOk("audience:rotate-keys", "--tenant", "krusty").out())
        .containsPattern("^krusty\t[0-9a-f-]{36}\\R$");
    assertThat(assertOk("audience:rotate-keys").out()).contains("krusty\t");
    assertOk("horizon:pause");
    assertOk("horizon:continue");
    assertThat(assertOk("horizon:status").out()).startsWith("Horizon is");
    assertOk("horizon:snapshot");
    assertOk("horizon:terminate");
    String job = assertOk("queue:dispatch", "diagnostics.noop").out().strip();
    assertThat(assertOk("queue:monitor").out()).containsPattern("default +1 ");
    assertThat(assertOk("queue:jobs").out()).contains(job);
    assertOk("queue:failed");
    assertOk("queue:retry", "all");
    assertOk("queue:flush");
    assertOk("audience:sync");
    assertOk("audience:sync", "--tenant", "krusty");
    assertThat(assertOk("migrate").out()).contains("(0 migrations applied now)");
  }

  @Test
  void aCommandsContextHoldsNoPartOfARunningNode() {
    assertThat(applicationClasses(context.getBeanNamesForAnnotation(Controller.class))).isEmpty();
    assertThat(applicationClasses(context.getBeanNamesForType(SmartLifecycle.class, true, false)))
        .as("workers, the event writer, the outbox relay, the scheduler")
        .isEmpty();
    assertThat(context.containsBean("dispatcherServlet")).isFalse();
    assertThat(context.getBeansOfType(MeterRegistry.class).values())
        .as("meters recorded in a command are exported nowhere")
        .allMatch(registry -> registry.getClass() == SimpleMeterRegistry.class);
  }

  /**
   * The application's own classes among these beans' (this test's classpath also holds the test
   * classes, which the scan of {@code dev.allegro} finds too).
   */
  private List<String> applicationClasses(String[] beans) {
    var factory = context.getBeanFactory();
    return Arrays.stream(beans)
        .filter(factory::containsBeanDefinition)
        .map(name -> factory.getBeanDefinition(name).getBeanClassName())
        .filter(type -> type != null && type.startsWith("dev.allegro."))
        .filter(
            type -> {
              var file = getClass().getResource("/" + type.replace('.', '/') + ".class");
              return file != null && !file.getPath().contains("/test-classes/");
            })
        .toList();
  }

  private CliRunner.Run assertOk(String... args) {
    var run = cli.run(args);
    assertThat(run.exitCode()).as("%s: %s", List.of(args), run.err()).isZero();
    return run;
  }
}
