package dev.allegro.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The database migrations in this jar ({@code spring.flyway.locations}, as a node's Flyway finds
 * them): which the database lacks, found with one query, and applying them with Flyway.
 */
@Component
class Migrations {

  private static final String HISTORY = "flyway_schema_history";
  private static final String PREFIX = "V";
  private static final String SEPARATOR = "__";

  /** What {@link #migrate()} did. */
  record Result(int applied, String version) {}

  private final DataSource dataSource;
  private final List<String> locations;

  Migrations(DataSource dataSource, Environment environment) {
    this.dataSource = dataSource;
    this.locations =
        List.of(environment.getProperty("spring.flyway.locations", "classpath:db/migration"))
            .stream()
            .flatMap(l -> List.of(l.split(",")).stream())
            .map(String::trim)
            .toList();
  }

  /** The versions in the jar that the schema history does not list as applied. */
  SortedSet<MigrationVersion> pending() {
    var pending = new TreeSet<>(inJar());
    pending.removeAll(applied());
    return pending;
  }

  /** Applies what is pending, as a node does at start; Flyway validates the applied ones first. */
  Result migrate() {
    var flyway =
        Flyway.configure(getClass().getClassLoader())
            .dataSource(dataSource)
            .locations(locations.toArray(String[]::new))
            .load();
    int applied = flyway.migrate().migrationsExecuted;
    var current = flyway.info().current();
    return new Result(applied, current == null ? "none" : current.getVersion().toString());
  }

  private Set<MigrationVersion> inJar() {
    var resolver = new PathMatchingResourcePatternResolver(getClass().getClassLoader());
    var versions = new HashSet<MigrationVersion>();
    try {
      for (String location : locations) {
        if (!location.startsWith("classpath:")) {
          continue;
        }
        String root = location.substring("classpath:".length()).replaceAll("^/|/$", "");
        for (var resource : resolver.getResources("classpath*:" + root + "/" + PREFIX + "*.sql")) {
          String name = resource.getFilename();
          if (name != null && name.contains(SEPARATOR)) {
            versions.add(
                MigrationVersion.fromVersion(
                    name.substring(PREFIX.length(), name.indexOf(SEPARATOR))));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the database migrations", e);
    }
    return versions;
  }

  private Set<MigrationVersion> applied() {
    var versions = new HashSet<MigrationVersion>();
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      try (var rows =
          statement.executeQuery(
              "SELECT version FROM " + HISTORY + " WHERE success AND version IS NOT NULL")) {
        while (rows.next()) {
          versions.add(MigrationVersion.fromVersion(rows.getString(1)));
        }
      } catch (SQLException e) {
        if (!"42P01".equals(e.getSQLState())) { // 42P01: no history table, nothing applied yet
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the schema history: " + e.getMessage(), e);
    }
    return versions;
  }
}
