package dev.allegro.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestInfrastructure;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A PostgreSQL that refuses this class's connections: resolving a request's host needs the
 * database, and the answer is the API's 503 rather than a server error. Only this class's own
 * database is closed ({@code ALLOW_CONNECTIONS false} and its sessions ended), so classes running
 * beside it are not touched.
 */
@AllegroTest
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=1000")
class DatabaseOutageIT {

  @Autowired Http http;
  @Autowired JdbcTemplate jdbc;

  String database;

  @AfterEach
  void reopen() throws SQLException {
    if (database != null) {
      admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
    }
  }

  @Test
  void anUnresolvableHostIsA503WhileTheDatabaseIsDownAndA404Again() throws SQLException {
    database = jdbc.queryForObject("SELECT current_database()", String.class);
    assertThat(http.get("/api/v1/me").host("before.test").send().status()).isEqualTo(404);

    admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + database
            + "' AND pid <> pg_backend_pid()");

    var down = http.get("/api/v1/me").host("during.test").send();
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.header("Content-Type")).startsWith("application/json");
    assertThat(down.json().get("message").asString())
        .isEqualTo("Service Unavailable: a backing service did not answer.");

    admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(http.get("/api/v1/me").host("after.test").send().status())
                    .isEqualTo(404));
  }

  private static void admin(String sql) throws SQLException {
    var infrastructure = TestInfrastructure.get();
    try (var connection =
            DriverManager.getConnection(
                infrastructure.jdbcUrl("postgres"),
                infrastructure.user(),
                infrastructure.password());
        var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
