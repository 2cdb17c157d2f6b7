package dev.allegro.system.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where PostgreSQL and Redis are, from the {@link ServerSettings}, and starts embedded ones
 * under the data directory where none is configured.
 *
 * <p>The embedded servers' ports are recorded in {@code data/embedded.properties}, so a second
 * process on the same data directory (a CLI command, another node) joins the servers of the one
 * that is running instead of starting a second set on the same files.
 */
public final class Infrastructure implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
  private static final String POSTGRES_PORT = "postgres.port";
  private static final String REDIS_PORT = "redis.port";

  private final Map<String, Object> springProperties;
  private final boolean embedded;
  private final boolean started;
  private final List<EmbeddedServer> owned;
  private final Path runningFile;
  private final List<String> ownedKeys;

  private Infrastructure(
      Map<String, Object> springProperties,
      boolean embedded,
      boolean started,
      List<EmbeddedServer> owned,
      Path runningFile,
      List<String> ownedKeys) {
    this.springProperties = springProperties;
    this.embedded = embedded;
    this.started = started;
    this.owned = owned;
    this.runningFile = runningFile;
    this.ownedKeys = ownedKeys;
  }

  /**
   * @param bundled the embedded servers of this build, empty in a production build
   * @throws MissingSettingException naming every server setting that is missing, when the embedded
   *     servers may not (ALLEGRO_EMBEDDED=false) or cannot (production build) stand in
   */
  public static Infrastructure resolve(ServerSettings settings, Optional<EmbeddedServers> bundled) {
    requireSettingsOrEmbedded(settings, bundled);
    var properties = new LinkedHashMap<String, Object>();
    var owned = new ArrayList<EmbeddedServer>();
    var ownedKeys = new ArrayList<String>();
    Path dataDirectory = settings.dataDirectory();
    Path runningFile = dataDirectory.resolve("embedded.properties");
    Properties running = read(runningFile);
    boolean embedded = false;
    boolean started = false;
    try {
      if (settings.database() != null) {
        var database = settings.database();
        properties.put("spring.datasource.url", database.url());
        putIfSet(properties, "spring.datasource.username", database.username());
        putIfSet(properties, "spring.datasource.password", database.password());
      } else {
        int port = joinable(running, POSTGRES_PORT);
        if (port < 0) {
          log.info("Starting the embedded PostgreSQL in {}", dataDirectory.resolve("postgres"));
          var database = bundled.orElseThrow().postgres(dataDirectory.resolve("postgres"));
          owned.add(database);
          ownedKeys.add(POSTGRES_PORT);
          port = database.port();
          running.setProperty(POSTGRES_PORT, Integer.toString(port));
          started = true;
        }
        properties.put("spring.datasource.url", jdbcUrl(port));
        properties.put("spring.datasource.username", "postgres");
        embedded = true;
      }

      switch (settings.redis()) {
        case ServerSettings.Redis.Cluster cluster -> {
          properties.put("spring.data.redis.cluster.nodes", cluster.nodes());
          putIfSet(properties, "spring.data.redis.password", cluster.password());
        }
        case ServerSettings.Redis.Url url -> properties.put("spring.data.redis.url", url.url());
        case ServerSettings.Redis.Host host -> {
          properties.put("spring.data.redis.host", host.host());
          properties.put("spring.data.redis.port", host.port());
          putIfSet(properties, "spring.data.redis.password", host.password());
        }
        case null -> {
          int port = joinable(running, REDIS_PORT);
          if (port < 0) {
            log.info("Starting the embedded Redis in {}", dataDirectory.resolve("redis"));
            var redis = bundled.orElseThrow().redis(dataDirectory.resolve("redis"));
            owned.add(redis);
            ownedKeys.add(REDIS_PORT);
            port = redis.port();
            running.setProperty(REDIS_PORT, Integer.toString(port));
            started = true;
          }
          properties.put("spring.data.redis.host", "127.0.0.1");
          properties.put("spring.data.redis.port", Integer.toString(port));
          embedded = true;
        }
      }
      if (!ownedKeys.isEmpty()) {
        write(runningFile, running);
      }
    } catch (IOException e) {
      closeAll(owned);
      throw new UncheckedIOException("Could not start the embedded servers", e);
    } catch (RuntimeException e) {
      closeAll(owned);
      throw e;
    }
    properties.put("allegro.embedded", Boolean.toString(embedded));
    return new Infrastructure(
        Map.copyOf(properties), embedded, started, owned, runningFile, ownedKeys);
  }

  /** Spring properties pointing at the servers: datasource and Redis connection. */
  public Map<String, Object> springProperties() {
    return springProperties;
  }

  /** Whether PostgreSQL or Redis is an embedded server (started here or joined). */
  public boolean embedded() {
    return embedded;
  }

  /** Whether this process started an embedded server rather than joining a running one. */
  public boolean startedServers() {
    return started;
  }

  /** Stops the servers this process started; servers it joined keep running. */
  @Override
  public void close() {
    if (owned.isEmpty()) {
      return;
    }
    Properties running = read(runningFile);
    ownedKeys.forEach(running::remove);
    try {
      write(runningFile, running);
    } catch (IOException e) {
      log.warn("Could not update {}", runningFile, e);
    }
    closeAll(owned);
  }

  private static void requireSettingsOrEmbedded(
      ServerSettings settings, Optional<EmbeddedServers> bundled) {
    var missing = new ArrayList<String>();
    if (settings.database() == null) {
      missing.add("DB_URL");
    }
    if (settings.redis() == null) {
      missing.add("REDIS_HOST (or REDIS_URL, REDIS_CLUSTER_NODES)");
    }
    if (missing.isEmpty() || (settings.embeddedAllowed() && bundled.isPresent())) {
      return;
    }
    String reason =
        bundled.isEmpty()
            ? "this build has no embedded servers (it was built with -Pproduction)"
            : "ALLEGRO_EMBEDDED=false forbids the embedded servers";
    throw new MissingSettingException(
        String.join(" and ", missing)
            + (missing.size() == 1 ? " is" : " are")
            + " not set, and "
            + reason
            + "; docs/configuration.md lists the server settings.");
  }

  /** The embedded PostgreSQL's database, as the zero-setup run uses it. */
  static String jdbcUrl(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private static int joinable(Properties running, String key) {
    String port = running.getProperty(key);
    if (port == null) {
      return -1;
    }
    int value = Integer.parseInt(port);
    return FreePorts.answers(value) ? value : -1;
  }

  private static void closeAll(List<EmbeddedServer> servers) {
    for (var server : servers.reversed()) {
      try {
        server.close();
      } catch (IOException | RuntimeException e) {
        log.warn("Could not stop an embedded server", e);
      }
    }
  }

  private static Properties read(Path file) {
    var properties = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      } catch (IOException e) {
        log.warn("Ignoring unreadable {}", file, e);
      }
    }
    return properties;
  }

  private static void write(Path file, Properties properties) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "Ports of the embedded servers of the running Allegro instance");
    }
  }

  private static void putIfSet(Map<String, Object> properties, String property, String value) {
    if (value != null) {
      properties.put(property, value);
    }
  }
}
