package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.system.embedded.FreePorts;
import dev.allegro.test.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command on a bare machine: {@code java -jar server/target/allegro.jar} with no
 * database or Redis configured starts embedded ones under {@code ./data/}, prints working
 * credentials once (and on later starts how to make new ones), keeps its data across a restart, and
 * stops its embedded servers only after the application has drained.
 */
class ZeroSetupIT {

  private static final Path JAR = Path.of("target/allegro.jar");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path workDirectory;

  @Test
  void startsEmbeddedServersPrintsCredentialsOnceAndKeepsDataAcrossRestarts() throws Exception {
    int port = FreePorts.find();

    Map<String, String> printed;
    var first = start(port);
    try {
      printed = awaitCredentials(first);
      assertThat(printed)
          .containsEntry("ALLEGRO_URL", "http://localhost:" + port)
          .containsEntry("ALLEGRO_DEMO_URL", "http://demo.localhost:" + port);
      assertThat(printed.get("ALLEGRO_ADMIN_TOKEN")).matches("\\d+\\|[A-Za-z0-9]{40}");

      var me = call(port, "demo.localhost", "/api/v1/me", printed.get("ALLEGRO_DEMO_TOKEN"));
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(Http.json(me.body()).at("/data/tenant/slug").asString()).isEqualTo("demo");
      var tenants =
          call(port, "localhost", "/api/v1/landlord/tenants", printed.get("ALLEGRO_ADMIN_TOKEN"));
      assertThat(tenants.statusCode()).isEqualTo(200);
      assertThat(tenants.body()).contains("demo.localhost");

      var cli =
          bareMachine("tenant:list")
              .redirectError(workDirectory.resolve("cli.log").toFile())
              .start();
      String listed = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.exitValue())
          .as("a CLI command joins the running instance's embedded servers")
          .isZero();
      assertThat(listed).contains("demo").contains("demo.localhost");
    } finally {
      stop(first);
    }
    assertThat(workDirectory.resolve("data/postgres")).isDirectory();

    var second = start(port);
    try {
      awaitReady(port);
      var me = call(port, "demo.localhost", "/api/v1/me", printed.get("ALLEGRO_DEMO_TOKEN"));
      assertThat(me.statusCode()).as("the data survived the restart").isEqualTo(200);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> lines(second).stream().filter(l -> l.contains(" token:create ")).count() == 2);
      assertThat(lines(second))
          .contains("ALLEGRO_URL=http://localhost:" + port)
          .contains("ALLEGRO_DEMO_URL=http://demo.localhost:" + port);
      String adminCommand =
          lines(second).stream()
              .filter(l -> l.contains(" token:create admin@allegro.localhost "))
              .findFirst()
              .orElseThrow();
      assertThat(adminCommand)
          .isEqualTo(
              "java -jar "
                  + JAR.toAbsolutePath()
                  + " token:create admin@allegro.localhost --name cli");
      var made = cli(adminCommand.split(" ")); // as printed, in the instance's directory
      assertThat(made.exitCode()).as(made.err()).isZero();
      var tenants = call(port, "localhost", "/api/v1/landlord/tenants", made.out().strip());
      assertThat(tenants.statusCode())
          .as("the printed command made a working token")
          .isEqualTo(200);
    } finally {
      stop(second);
    }
    assertThat(second.output()).noneMatch(line -> line.startsWith("ALLEGRO_ADMIN_TOKEN="));
  }

  @Test
  void aJobThatFinishesWhileTheInstanceStopsIsRecordedOnceAndNeverRunsAgain() throws Exception {
    int port = FreePorts.find();
    var first = start(port);
    String job;
    try {
      awaitCredentials(first);
      // long enough for a poll to see it running while the new instance still warms up (a CLI
      // command then takes several seconds), short enough to finish within the drain timeout
      var dispatched = cli("queue:dispatch", "diagnostics.sleep", "--data", "{\"ms\":15000}");
      assertThat(dispatched.exitCode()).as(dispatched.err()).isZero();
      job = dispatched.out().strip();
      await() // a worker took it: the job is reserved while it runs
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> reserved(Http.json(cli("queue:monitor", "--json").out())) == 1);
    } finally {
      stop(first); // SIGTERM while the job runs: the worker drains it before anything stops
    }

    var second = start(port);
    try {
      awaitReady(port);
      var record = record(job);
      assertThat(record.get("status").asString()).as(record.toString()).isEqualTo("completed");
      assertThat(record.get("attempts").asInt()).isEqualTo(1);
      var monitor = Http.json(cli("queue:monitor", "--json").out());
      assertThat(reserved(monitor)).as("nothing waits to run again: %s", monitor).isZero();
      var failed = cli("queue:failed");
      assertThat(failed.out().lines()).as("only the header").hasSize(1);
    } finally {
      stop(second);
    }
    assertThat(Files.readString(first.stderr()))
        .as("Redis stopped after the application, not before")
        .doesNotContain("Cannot reconnect")
        .contains("Commencing graceful shutdown");
  }

  private static long reserved(tools.jackson.databind.JsonNode monitor) {
    long reserved = 0;
    for (var queue : monitor) {
      reserved += queue.get("reserved").asLong();
    }
    return reserved;
  }

  /** The job's record, as {@code queue:jobs --json} shows it. */
  private tools.jackson.databind.JsonNode record(String job) {
    var jobs = cli("queue:jobs", "--json");
    assertThat(jobs.exitCode()).as(jobs.err()).isZero();
    for (var record : Http.json(jobs.out())) {
      if (record.get("uuid").asString().equals(job)) {
        return record;
      }
    }
    throw new AssertionError("no record of " + job + " in " + jobs.out());
  }

  /** A CLI command on the bare machine, in the instance's directory; the command as typed. */
  private Jar.Result cli(String... command) {
    List<String> args = List.of(command);
    if (args.size() > 2 && args.get(0).equals("java") && args.get(1).equals("-jar")) {
      assertThat(Path.of(args.get(2))).isEqualTo(JAR.toAbsolutePath());
      args = args.subList(3, args.size());
    }
    var env = new HashMap<String, String>();
    return Jar.run(workDirectory, env, args.toArray(String[]::new));
  }

  private record Running(Process process, List<String> output, Path stderr) {}

  private int starts;

  private Running start(int port) throws IOException {
    Path stderr = workDirectory.resolve("stderr-" + ++starts + ".log");
    var builder = bareMachine().redirectError(stderr.toFile());
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    builder.environment().put("MANAGEMENT_PORT", Integer.toString(FreePorts.find()));
    var process = builder.start();
    var output = java.util.Collections.synchronizedList(new ArrayList<String>());
    CompletableFuture.runAsync(
        () -> {
          try (var reader =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
          } catch (IOException e) {
            // the process ended
          }
        });
    return new Running(process, output, stderr);
  }

  /** The jar in the work directory, with no database or Redis configured: a bare machine. */
  private ProcessBuilder bareMachine(String... command) {
    var args = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toAbsolutePath().toString()));
    args.addAll(List.of(command));
    var builder = new ProcessBuilder(args).directory(workDirectory.toFile());
    List.of(
            "DB_URL",
            "DB_USERNAME",
            "DB_PASSWORD",
            "REDIS_HOST",
            "REDIS_PORT",
            "REDIS_URL",
            "REDIS_CLUSTER_NODES",
            "ALLEGRO_EMBEDDED")
        .forEach(builder.environment()::remove);
    return builder;
  }

  private Map<String, String> awaitCredentials(Running running) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> curlLines(running) == 2 || !running.process().isAlive());
    assertThat(running.process().isAlive())
        .as("still running; stderr: %s", stderr(running))
        .isTrue();
    var values = new HashMap<String, String>();
    for (String line : lines(running)) {
      int eq = line.indexOf('=');
      if (line.startsWith("ALLEGRO_") && eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1).replace("'", ""));
      }
    }
    return values;
  }

  private static List<String> lines(Running running) {
    synchronized (running.output()) {
      return List.copyOf(running.output());
    }
  }

  private static long curlLines(Running running) {
    return lines(running).stream().filter(l -> l.startsWith("curl ")).count();
  }

  private static void awaitReady(int port) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> call(port, "localhost", "/readyz", null).statusCode() == 200);
  }

  private static String stderr(Running running) {
    Path log = running.stderr();
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void stop(Running running) throws InterruptedException {
    running.process().destroy();
    if (!running.process().waitFor(60, TimeUnit.SECONDS)) {
      running.process().destroyForcibly();
    }
  }

  private static HttpResponse<String> call(int port, String host, String path, String token)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Host", host);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
