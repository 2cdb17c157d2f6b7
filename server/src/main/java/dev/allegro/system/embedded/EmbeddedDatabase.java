package dev.allegro.system.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A PostgreSQL server run from the binaries in the jar, keeping its data in a directory. */
public final class EmbeddedDatabase implements EmbeddedServer {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts on a free port; an existing data directory is reused, an absent one initialised. */
  public static EmbeddedDatabase start(Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory.toAbsolutePath().getParent());
    return new EmbeddedDatabase(
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory.toAbsolutePath())
            .setCleanDataDirectory(false)
            // stopped by Infrastructure after the application, not by a hook of its own: JVM
            // shutdown hooks run concurrently, and the application still drains on SIGTERM
            .setRegisterShutdownHook(false)
            .setPort(FreePorts.find())
            .setServerConfig("max_connections", "300")
            .setPGStartupWait(Duration.ofSeconds(60))
            .start());
  }

  @Override
  public int port() {
    return postgres.getPort();
  }

  public static String jdbcUrl(int port) {
    return Infrastructure.jdbcUrl(port);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
