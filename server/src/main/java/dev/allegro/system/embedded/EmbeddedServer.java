package dev.allegro.system.embedded;

import java.io.IOException;

/** A server this process started; closing it stops it. */
public interface EmbeddedServer extends AutoCloseable {

  int port();

  @Override
  void close() throws IOException;
}
