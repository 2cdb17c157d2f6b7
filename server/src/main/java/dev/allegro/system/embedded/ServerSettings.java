package dev.allegro.system.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where PostgreSQL and Redis are, as the environment says ({@code docs/configuration.md}), and
 * whether the embedded servers may stand in for the ones it leaves out.
 *
 * @param database the configured PostgreSQL, or null when {@code DB_URL} is unset
 * @param redis the configured Redis, or null when none of its variables is set
 * @param embeddedAllowed false when {@code ALLEGRO_EMBEDDED=false}
 * @param dataDirectory where the embedded servers keep their data ({@code ALLEGRO_DATA_DIR})
 */
public record ServerSettings(
    Database database, Redis redis, boolean embeddedAllowed, Path dataDirectory) {

  /** {@code DB_URL}, {@code DB_USERNAME}, {@code DB_PASSWORD}; user and password may be null. */
  public record Database(String url, String username, String password) {}

  /** One of the three ways to name a Redis; when several are set, the first listed here wins. */
  public sealed interface Redis {

    /** {@code REDIS_CLUSTER_NODES} ({@code host:port,...}) and {@code REDIS_PASSWORD}. */
    record Cluster(String nodes, String password) implements Redis {}

    /** {@code REDIS_URL}: {@code redis://[user:password@]host:port[/db]}. */
    record Url(String url) implements Redis {}

    /** {@code REDIS_HOST}, {@code REDIS_PORT} (6379) and {@code REDIS_PASSWORD}. */
    record Host(String host, String port, String password) implements Redis {}
  }

  /** Reads the variables; blank counts as unset. */
  public static ServerSettings from(Map<String, String> env) {
    Database database =
        value(env, "DB_URL") == null
            ? null
            : new Database(
                value(env, "DB_URL"), value(env, "DB_USERNAME"), value(env, "DB_PASSWORD"));
    String password = value(env, "REDIS_PASSWORD");
    Redis redis;
    if (value(env, "REDIS_CLUSTER_NODES") != null) {
      redis = new Redis.Cluster(value(env, "REDIS_CLUSTER_NODES"), password);
    } else if (value(env, "REDIS_URL") != null) {
      redis = new Redis.Url(value(env, "REDIS_URL"));
    } else if (value(env, "REDIS_HOST") != null) {
      String port = value(env, "REDIS_PORT");
      redis = new Redis.Host(value(env, "REDIS_HOST"), port == null ? "6379" : port, password);
    } else {
      redis = null;
    }
    boolean embeddedAllowed = !"false".equalsIgnoreCase(value(env, "ALLEGRO_EMBEDDED"));
    String dataDirectory = value(env, "ALLEGRO_DATA_DIR");
    return new ServerSettings(
        database, redis, embeddedAllowed, Path.of(dataDirectory == null ? "data" : dataDirectory));
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
