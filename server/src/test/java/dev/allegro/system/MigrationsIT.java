package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.TestInfrastructure;
import java.sql.DriverManager;
import java.util.ArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class MigrationsIT {

  @Test
  void migrationsApplyToAnEmptyDatabase() throws Exception {
    var infrastructure = TestInfrastructure.get();
    var properties = infrastructure.isolatedProperties("migrations");
    String url = (String) properties.get("spring.datasource.url");
    String user = (String) properties.get("spring.datasource.username");
    String password = (String) properties.get("spring.datasource.password");

    var result =
        Flyway.configure()
            .dataSource(url, user, password)
            .locations("classpath:db/migration")
            .load()
            .migrate();

    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isPositive();
    var tables = new ArrayList<String>();
    try (var connection = DriverManager.getConnection(url, user, password);
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                        + " 'public'")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    assertThat(tables)
        .contains(
            "tenants", "domains", "users", "tenant_user", "personal_access_tokens", "features");
  }
}
