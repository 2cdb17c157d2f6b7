package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.io.ClassPathResource;

class ManagementDefaultsTest {

  /** application.yml alone, with no environment variable set. */
  private static AbstractEnvironment applicationYml() throws IOException {
    var environment = new AbstractEnvironment() {};
    new YamlPropertySourceLoader()
        .load("application.yml", new ClassPathResource("application.yml"))
        .forEach(environment.getPropertySources()::addLast);
    return environment;
  }

  @Test
  void managementEndpointsDefaultToTheirOwnPortOnTheLoopbackAddress() throws IOException {
    var environment = applicationYml();

    assertThat(environment.getProperty("management.server.port")).isEqualTo("8081");
    assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    assertThat(environment.getProperty("server.port")).isEqualTo("8080");
  }

  @Test
  void theProbesAreAlsoOnTheMainPortAndReadinessWaitsForPostgresqlAndRedis() throws IOException {
    var environment = applicationYml();

    assertThat(environment.getProperty("management.endpoint.health.probes.add-additional-paths"))
        .isEqualTo("true");
    assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
        .isEqualTo("readinessState,db,redis");
    assertThat(environment.getProperty("management.endpoint.health.group.liveness.include"))
        .isEqualTo("livenessState");
  }
}
