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
 * credentials once, and keeps its data across a restart.
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
    } finally {
      stop(second);
    }
    assertThat(second.output()).noneMatch(line -> line.startsWith("ALLEGRO_ADMIN_TOKEN="));
  }

  private record Running(Process process, List<String> output) {}

  private Running start(int port) throws IOException {
    var builder = bareMachine().redirectError(workDirectory.resolve("stderr.log").toFile());
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
    return new Running(process, output);
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
    assertThat(running.process().isAlive()).as("still running; stderr: %s", stderr()).isTrue();
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

  private String stderr() {
    Path log = workDirectory.resolve("stderr.log");
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
