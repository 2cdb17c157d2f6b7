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
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where PostgreSQL and Redis are, from the environment, and starts embedded ones under
 * {@code ./data/} where none is configured.
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
  private final List<AutoCloseable> owned;
  private final Path runningFile;
  private final List<String> ownedKeys;

  private Infrastructure(
      Map<String, Object> springProperties,
      List<AutoCloseable> owned,
      Path runningFile,
      List<String> ownedKeys) {
    this.springProperties = springProperties;
    this.owned = owned;
    this.runningFile = runningFile;
    this.ownedKeys = ownedKeys;
  }

  /**
   * @throws MissingSettingException when a server is not configured and {@code
   *     ALLEGRO_EMBEDDED=false} forbids the embedded one
   */
  public static Infrastructure resolve(Map<String, String> env, Path dataDirectory) {
    boolean embeddedAllowed = !"false".equalsIgnoreCase(value(env, "ALLEGRO_EMBEDDED"));
    var properties = new LinkedHashMap<String, Object>();
    var owned = new ArrayList<AutoCloseable>();
    var ownedKeys = new ArrayList<String>();
    Path runningFile = dataDirectory.resolve("embedded.properties");
    Properties running = read(runningFile);
    boolean embedded = false;
    try {
      if (value(env, "DB_URL") != null) {
        properties.put("spring.datasource.url", value(env, "DB_URL"));
        putIfSet(properties, "spring.datasource.username", env, "DB_USERNAME");
        putIfSet(properties, "spring.datasource.password", env, "DB_PASSWORD");
      } else if (!embeddedAllowed) {
        throw new MissingSettingException(
            "DB_URL is not set, and ALLEGRO_EMBEDDED=false forbids the embedded PostgreSQL.");
      } else {
        int port = joinable(running, POSTGRES_PORT);
        if (port < 0) {
          log.info("Starting the embedded PostgreSQL in {}", dataDirectory.resolve("postgres"));
          var database = EmbeddedDatabase.start(dataDirectory.resolve("postgres"));
          owned.add(database);
          ownedKeys.add(POSTGRES_PORT);
          port = database.port();
          running.setProperty(POSTGRES_PORT, Integer.toString(port));
        }
        properties.put("spring.datasource.url", EmbeddedDatabase.jdbcUrl(port));
        properties.put("spring.datasource.username", "postgres");
        embedded = true;
      }

      if (value(env, "REDIS_CLUSTER_NODES") != null) {
        properties.put("spring.data.redis.cluster.nodes", value(env, "REDIS_CLUSTER_NODES"));
        putIfSet(properties, "spring.data.redis.password", env, "REDIS_PASSWORD");
      } else if (value(env, "REDIS_URL") != null) {
        properties.put("spring.data.redis.url", value(env, "REDIS_URL"));
      } else if (value(env, "REDIS_HOST") != null) {
        properties.put("spring.data.redis.host", value(env, "REDIS_HOST"));
        properties.put(
            "spring.data.redis.port",
            value(env, "REDIS_PORT") == null ? "6379" : value(env, "REDIS_PORT"));
        putIfSet(properties, "spring.data.redis.password", env, "REDIS_PASSWORD");
      } else if (!embeddedAllowed) {
        throw new MissingSettingException(
            "REDIS_HOST is not set (nor REDIS_URL or REDIS_CLUSTER_NODES), and"
                + " ALLEGRO_EMBEDDED=false forbids the embedded Redis.");
      } else {
        int port = joinable(running, REDIS_PORT);
        if (port < 0) {
          log.info("Starting the embedded Redis in {}", dataDirectory.resolve("redis"));
          var redis = EmbeddedRedis.start(dataDirectory.resolve("redis"));
          owned.add(redis);
          ownedKeys.add(REDIS_PORT);
          port = redis.port();
          running.setProperty(REDIS_PORT, Integer.toString(port));
        }
        properties.put("spring.data.redis.host", "127.0.0.1");
        properties.put("spring.data.redis.port", Integer.toString(port));
        embedded = true;
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
    return new Infrastructure(Map.copyOf(properties), owned, runningFile, ownedKeys);
  }

  /** Spring properties pointing at the servers: datasource and Redis connection. */
  public Map<String, Object> springProperties() {
    return springProperties;
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

  private static int joinable(Properties running, String key) {
    String port = running.getProperty(key);
    if (port == null) {
      return -1;
    }
    int value = Integer.parseInt(port);
    return FreePorts.answers(value) ? value : -1;
  }

  private static void closeAll(List<AutoCloseable> servers) {
    for (var server : servers.reversed()) {
      try {
        server.close();
      } catch (Exception e) {
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

  private static void putIfSet(
      Map<String, Object> properties, String property, Map<String, String> env, String name) {
    String value = value(env, name);
    if (value != null) {
      properties.put(property, value);
    }
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
