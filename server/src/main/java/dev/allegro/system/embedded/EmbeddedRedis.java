package dev.allegro.system.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** A Redis server run from the binary in the jar; with a directory, it keeps an append-only log. */
public final class EmbeddedRedis implements AutoCloseable {

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * @param dataDirectory where the data survives restarts, or {@code null} to keep nothing
   */
  public static EmbeddedRedis start(Path dataDirectory) throws IOException {
    return start(dataDirectory, FreePorts.find());
  }

  /** Starts on the given port, e.g. to restart a server where its clients expect it. */
  public static EmbeddedRedis start(Path dataDirectory, int port) throws IOException {
    var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"");
    if (dataDirectory != null) {
      Files.createDirectories(dataDirectory);
      builder
          .setting("dir " + dataDirectory.toAbsolutePath())
          .setting("appendonly yes")
          .setting("appendfsync everysec");
    } else {
      builder.setting("appendonly no");
    }
    var server = builder.build();
    server.start();
    return new EmbeddedRedis(server, port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    server.stop();
  }
}
