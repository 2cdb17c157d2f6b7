package dev.allegro.test;

import dev.allegro.system.embedded.FreePorts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import redis.embedded.core.RedisServerBuilder;

/**
 * A Redis server of one test class's own, on a free loopback port, that the test may stop, start
 * again on the same port, or freeze ({@code SIGSTOP}) to make it hang instead of refusing. It runs
 * the machine's {@code redis-server} when it is on the PATH, else the binary the embedded-redis
 * library bundles, with the same configuration file either way.
 */
public final class PrivateRedis implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final int port = FreePorts.find();
  private Process process;
  private boolean frozen;

  private PrivateRedis() {}

  public static PrivateRedis start() {
    var redis = new PrivateRedis();
    redis.restart();
    Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
    return redis;
  }

  public int port() {
    return port;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts the server again on its port, unless it runs. */
  public synchronized void restart() {
    if (running()) {
      return;
    }
    try {
      var command =
          new ArrayList<>(
              new RedisServerBuilder()
                  .port(port)
                  .bind("127.0.0.1")
                  .setting("save \"\"")
                  .setting("appendonly no")
                  .buildCommandArgs());
      if (onPath("redis-server")) {
        command.set(0, "redis-server");
      }
      Path log = Files.createTempFile("allegro-private-redis-", ".log");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      frozen = false;
      Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(20)).until(this::answers);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start a private Redis", e);
    }
  }

  /** Stops it as SIGTERM does; its clients see refused connections. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    thaw();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /**
   * {@code SIGSTOP}: the kernel still accepts connections and data for it, but nothing answers
   * until {@link #thaw()}.
   */
  public synchronized void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** {@code SIGCONT}, if frozen: it answers again, the commands sent meanwhile first. */
  public synchronized void thaw() {
    if (frozen && running()) {
      signal("CONT");
    }
    frozen = false;
  }

  /**
   * One command's reply, as text (a bulk or simple string, or an integer), sent on a connection of
   * its own.
   */
  public String command(String... args) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      socket.setSoTimeout(5_000);
      var request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        request.append(arg).append("\r\n");
      }
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      var in = new BufferedInputStream(socket.getInputStream());
      String head = line(in);
      return switch (head.charAt(0)) {
        case '+', ':' -> head.substring(1);
        case '$' -> {
          int length = Integer.parseInt(head.substring(1));
          yield length < 0
              ? null
              : new String(in.readNBytes(length), StandardCharsets.UTF_8).strip();
        }
        default -> throw new IllegalStateException("Redis answered " + head);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many times Redis has run this command since it started ({@code INFO commandstats}). */
  public long calls(String command) {
    String prefix = "cmdstat_" + command.toLowerCase(java.util.Locale.ROOT) + ":calls=";
    return command("INFO", "commandstats")
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).split(",")[0]))
        .findFirst()
        .orElse(0);
  }

  /** The client connections Redis holds ({@code CLIENT LIST}), without the one asking. */
  public long clients() {
    return command("CLIENT", "LIST").lines().filter(l -> !l.isBlank()).count() - 1;
  }

  @Override
  public synchronized void close() {
    stop();
  }

  private boolean answers() {
    try {
      return "PONG".equals(command("PING"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void signal(String name) {
    try {
      var kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String line(InputStream in) throws IOException {
    var line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** For diagnostics in a failed assertion. */
  @Override
  public String toString() {
    return "PrivateRedis[port=" + port + ", pid=" + (process == null ? "-" : process.pid()) + "]";
  }
}
