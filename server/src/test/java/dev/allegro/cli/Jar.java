package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar run as a user runs it, {@code java -jar target/allegro.jar COMMAND}, in a directory
 * and with server settings of the test's choosing: none of the machine's server variables leak in.
 */
final class Jar {

  static final Path PATH = Path.of("target/allegro.jar").toAbsolutePath();

  /** The variables that say where the servers are. */
  static final List<String> SERVER_VARIABLES =
      List.of(
          "DB_URL",
          "DB_USERNAME",
          "DB_PASSWORD",
          "REDIS_HOST",
          "REDIS_PORT",
          "REDIS_PASSWORD",
          "REDIS_URL",
          "REDIS_CLUSTER_NODES",
          "ALLEGRO_EMBEDDED",
          "ALLEGRO_REDIS_PREFIX",
          "HORIZON_PREFIX");

  record Result(int exitCode, String out, String err) {}

  private Jar() {}

  static ProcessBuilder process(Path directory, Map<String, String> env, List<String> args) {
    return process(directory, env, List.of(), args);
  }

  /** With JVM options before {@code -jar}. */
  static ProcessBuilder process(
      Path directory, Map<String, String> env, List<String> jvmOptions, List<String> args) {
    var command = new ArrayList<String>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(PATH.toString());
    command.addAll(args);
    var builder = new ProcessBuilder(command).directory(directory.toFile());
    SERVER_VARIABLES.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    return builder;
  }

  /** Runs a command to its end (two minutes at most), its stdout and stderr kept apart. */
  static Result run(Path directory, Map<String, String> env, String... args) {
    return run(directory, env, List.of(), args);
  }

  /** With JVM options before {@code -jar}. */
  static Result run(
      Path directory, Map<String, String> env, List<String> jvmOptions, String... args) {
    try {
      Path err = Files.createTempFile(directory, "stderr-", ".log");
      var process =
          process(directory, env, jvmOptions, List.of(args)).redirectError(err.toFile()).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ends", List.of(args)).isTrue();
      return new Result(process.exitValue(), out, Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
