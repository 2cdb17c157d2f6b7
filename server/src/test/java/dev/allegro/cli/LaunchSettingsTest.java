package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.embedded.ServerSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchSettingsTest {

  @Test
  void anEmptyEnvironmentMeansEveryRoleEmbeddedServersUnderDataAndTheStartupCache() {
    var settings = LaunchSettings.from(Map.of());

    assertThat(settings.roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(settings.servers().database()).isNull();
    assertThat(settings.servers().redis()).isNull();
    assertThat(settings.servers().embeddedAllowed()).isTrue();
    assertThat(settings.servers().dataDirectory()).isEqualTo(Path.of("data"));
    assertThat(settings.startupCache()).isTrue();
  }

  @Test
  void everyVariableIsReadOnce() {
    var settings =
        LaunchSettings.from(
            Map.of(
                "ALLEGRO_ROLES", "web, worker",
                "ALLEGRO_DATA_DIR", "/var/lib/allegro",
                "ALLEGRO_EMBEDDED", "FALSE",
                "ALLEGRO_CLI_CACHE", "false",
                "DB_URL", "jdbc:postgresql://db/allegro",
                "DB_USERNAME", "u",
                "REDIS_HOST", "cache",
                "REDIS_PASSWORD", "p"));

    assertThat(settings.roles()).containsExactlyInAnyOrder(Role.WEB, Role.WORKER);
    assertThat(settings.servers().dataDirectory()).isEqualTo(Path.of("/var/lib/allegro"));
    assertThat(settings.servers().embeddedAllowed()).isFalse();
    assertThat(settings.startupCache()).isFalse();
    assertThat(settings.servers().database())
        .isEqualTo(new ServerSettings.Database("jdbc:postgresql://db/allegro", "u", null));
    assertThat(settings.servers().redis())
        .isEqualTo(new ServerSettings.Redis.Host("cache", "6379", "p"));
  }

  @Test
  void blankValuesCountAsUnset() {
    var settings =
        LaunchSettings.from(Map.of("DB_URL", " ", "REDIS_HOST", "", "ALLEGRO_ROLES", ""));

    assertThat(settings.servers().database()).isNull();
    assertThat(settings.servers().redis()).isNull();
    assertThat(settings.roles()).hasSize(3);
  }

  @Test
  void anUnknownRoleIsRefusedByName() {
    assertThatThrownBy(() -> LaunchSettings.from(Map.of("ALLEGRO_ROLES", "web,cook")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ALLEGRO_ROLES")
        .hasMessageContaining("cook");
  }
}
