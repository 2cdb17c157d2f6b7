package dev.allegro.system.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The PostgreSQL and Redis servers bundled in the jar for the zero-setup run. A production build
 * ({@code -Pproduction}) leaves their libraries out; then {@link #bundled()} is empty and none of
 * the classes that use them is ever loaded.
 */
public interface EmbeddedServers {

  /** Starts PostgreSQL on a free port; an existing data directory is reused. */
  EmbeddedServer postgres(Path dataDirectory) throws IOException;

  /**
   * Starts Redis on a free port.
   *
   * @param dataDirectory where its append-only log survives restarts, or null to keep nothing
   */
  EmbeddedServer redis(Path dataDirectory) throws IOException;

  /** The bundled servers, or empty when this build has none. */
  static Optional<EmbeddedServers> bundled() {
    ClassLoader loader = EmbeddedServers.class.getClassLoader();
    try {
      Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, loader);
      Class.forName("redis.embedded.core.RedisServerBuilder", false, loader);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(new BundledServers());
  }
}
