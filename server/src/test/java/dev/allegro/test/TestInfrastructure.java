package dev.allegro.test;

import dev.allegro.system.embedded.EmbeddedDatabase;
import dev.allegro.system.embedded.EmbeddedRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;

/**
 * The PostgreSQL and Redis the tests talk to: the machine's, when {@code DB_URL} and {@code
 * REDIS_HOST} are set (as {@code .ci/run} does), else the same embedded servers the zero-setup run
 * uses, started once per test JVM.
 */
public final class TestInfrastructure {

  private static TestInfrastructure instance;

  private final String adminUrl;
  private final String user;
  private final String password;
  private final String redisHost;
  private final int redisPort;

  private TestInfrastructure(
      String adminUrl, String user, String password, String redisHost, int redisPort) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.redisHost = redisHost;
    this.redisPort = redisPort;
  }

  public static synchronized TestInfrastructure get() {
    if (instance == null) {
      instance = start(System.getenv());
    }
    return instance;
  }

  private static TestInfrastructure start(Map<String, String> env) {
    try {
      String url = env.get("DB_URL");
      String user = env.getOrDefault("DB_USERNAME", "postgres");
      String password = env.getOrDefault("DB_PASSWORD", "");
      if (url == null || url.isBlank()) {
        Path directory = Files.createTempDirectory("allegro-test-pg").resolve("data");
        var database = EmbeddedDatabase.start(directory);
        afterTheContexts(database);
        url = EmbeddedDatabase.jdbcUrl(database.port());
        user = "postgres";
        password = "";
      }
      String redisHost = env.get("REDIS_HOST");
      int redisPort = Integer.parseInt(env.getOrDefault("REDIS_PORT", "6379"));
      if (redisHost == null || redisHost.isBlank()) {
        var redis = EmbeddedRedis.start(null);
        afterTheContexts(redis);
        redisHost = "127.0.0.1";
        redisPort = redis.port();
      }
      return new TestInfrastructure(url, user, password, redisHost, redisPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Spring properties for a fresh, empty database and an unused Redis key prefix. */
  public Map<String, Object> isolatedProperties(String owner) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String database =
        ("t_" + owner.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT) + "_" + id);
    createDatabase(database);
    var properties = new LinkedHashMap<String, Object>();
    properties.put("spring.datasource.url", jdbcUrl(database));
    properties.put("spring.datasource.username", user);
    properties.put("spring.datasource.password", password);
    properties.put("spring.datasource.hikari.maximum-pool-size", "5");
    properties.put("spring.data.redis.host", redisHost);
    properties.put("spring.data.redis.port", Integer.toString(redisPort));
    properties.put("allegro.redis-prefix", "test:" + id + ":");
    properties.put("allegro.jobs.prefix", "test:" + id + ":horizon:");
    return properties;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String redisHost() {
    return redisHost;
  }

  public int redisPort() {
    return redisPort;
  }

  public String jdbcUrl(String database) {
    return adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
  }

  public String createDatabase(String name) {
    try (var connection = DriverManager.getConnection(adminUrl, user, password);
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
      return name;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
  }

  /**
   * Stops the server when the JVM exits, once Spring Boot's shutdown hook has closed the test
   * contexts that use it. A shutdown hook of its own would run concurrently with theirs and stop it
   * under contexts still draining, whose event writer then waits for a connection until its
   * timeout.
   */
  private static void afterTheContexts(AutoCloseable server) {
    SpringApplication.getShutdownHandlers().add(() -> quietly(server));
  }

  private static void quietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      // the JVM is exiting; the temporary data goes with it
    }
  }
}
