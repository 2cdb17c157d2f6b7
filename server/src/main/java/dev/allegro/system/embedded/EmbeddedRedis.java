package dev.allegro.system.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.RedisServerBuilder;

/**
 * A Redis server run from the binary in the jar; with a directory, it keeps an append-only log.
 *
 * <p>The embedded-redis library supplies the binary and the configuration file, but this class runs
 * the process: the library's own {@code RedisServer} registers a JVM shutdown hook that stops Redis
 * at once on SIGTERM, concurrently with the application's drain, which then cannot record the jobs
 * that finish during it. Here Redis stops only when {@link #close()} is called, after the
 * application. Where {@code setsid} exists, Redis also runs in a session of its own, so that a
 * Ctrl+C in the terminal reaches only the JVM, which stops it in that order too.
 */
public final class EmbeddedRedis implements EmbeddedServer {

  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN = Duration.ofSeconds(10);
  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final Process process;
  private final int port;
  private final Path temporaryLog;

  /**
   * @param temporaryLog Redis's output when it has no data directory to keep it in, deleted on
   *     close
   */
  private EmbeddedRedis(Process process, int port, Path temporaryLog) {
    this.process = process;
    this.port = port;
    this.temporaryLog = temporaryLog;
  }

  /**
   * @param dataDirectory where the data survives restarts, or {@code null} to keep nothing
   */
  public static EmbeddedRedis start(Path dataDirectory) throws IOException {
    return start(dataDirectory, FreePorts.find());
  }

  /** Starts on the given port, e.g. to restart a server where its clients expect it. */
  public static EmbeddedRedis start(Path dataDirectory, int port) throws IOException {
    var builder = new RedisServerBuilder().port(port).bind("127.0.0.1").setting("save \"\"");
    Path log;
    if (dataDirectory != null) {
      Files.createDirectories(dataDirectory);
      builder
          .setting("dir " + dataDirectory.toAbsolutePath())
          .setting("appendonly yes")
          .setting("appendfsync everysec");
      log = dataDirectory.resolve("redis.log");
    } else {
      builder.setting("appendonly no");
      log = Files.createTempFile("allegro-redis-", ".log");
    }
    var command = new ArrayList<String>();
    SETSID.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .ifPresent(s -> command.add(s.toString()));
    command.addAll(builder.buildCommandArgs());
    var process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var redis = new EmbeddedRedis(process, port, dataDirectory == null ? log : null);
    redis.awaitReady(log);
    return redis;
  }

  @Override
  public int port() {
    return port;
  }

  /** Stops Redis as SIGTERM does: it writes its append-only log and exits. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      if (temporaryLog != null) {
        Files.deleteIfExists(temporaryLog);
      }
    }
  }

  private void awaitReady(Path output) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "Redis exited with " + process.exitValue() + " at start: " + Files.readString(output));
      }
      if (answersPing()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IOException("Redis did not answer on port " + port + " within " + STARTUP);
  }

  /** PONG, not LOADING: Redis answers connections before it has read its append-only log. */
  private boolean answersPing() {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = new byte[7];
      int read = in.readNBytes(answer, 0, 7);
      return new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
