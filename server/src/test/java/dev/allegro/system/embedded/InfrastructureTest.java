package dev.allegro.system.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfrastructureTest {

  private static final Map<String, String> CONFIGURED =
      Map.of(
          "DB_URL", "jdbc:postgresql://db:5432/allegro",
          "DB_USERNAME", "allegro",
          "DB_PASSWORD", "secret",
          "REDIS_HOST", "cache",
          "REDIS_PORT", "6380");

  @TempDir Path data;

  @Test
  void aBuildWithoutEmbeddedServersRefusesToStartWithoutServerSettingsInOneLineNamingThem() {
    var settings = settings(Map.of());

    assertThatThrownBy(() -> Infrastructure.resolve(settings, Optional.empty()))
        .isInstanceOf(MissingSettingException.class)
        .hasMessageContaining("DB_URL")
        .hasMessageContaining("REDIS_HOST")
        .hasMessageContaining("this build has no embedded servers")
        .hasMessageContaining("-Pproduction")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aBuildWithoutEmbeddedServersRefusesEvenWhenEmbeddedIsAskedFor() {
    var settings = settings(Map.of("ALLEGRO_EMBEDDED", "true", "DB_URL", "jdbc:postgresql://db/a"));

    assertThatThrownBy(() -> Infrastructure.resolve(settings, Optional.empty()))
        .isInstanceOf(MissingSettingException.class)
        .hasMessageStartingWith("REDIS_HOST (or REDIS_URL, REDIS_CLUSTER_NODES) is not set")
        .hasMessageContaining("this build has no embedded servers")
        .hasMessageNotContaining("DB_URL");
  }

  @Test
  void embeddedFalseRefusesTheMissingServerAndStartsNothing() {
    var started = new Recording();
    var settings = settings(Map.of("ALLEGRO_EMBEDDED", "false", "REDIS_HOST", "cache"));

    assertThatThrownBy(() -> Infrastructure.resolve(settings, Optional.of(started)))
        .isInstanceOf(MissingSettingException.class)
        .hasMessageStartingWith("DB_URL is not set")
        .hasMessageContaining("ALLEGRO_EMBEDDED=false");
    assertThat(started.started).isEmpty();
  }

  @Test
  void configuredServersNeedNoEmbeddedOnes() {
    var infrastructure = Infrastructure.resolve(settings(CONFIGURED), Optional.empty());

    assertThat(infrastructure.embedded()).isFalse();
    assertThat(infrastructure.springProperties())
        .containsEntry("spring.datasource.url", "jdbc:postgresql://db:5432/allegro")
        .containsEntry("spring.datasource.username", "allegro")
        .containsEntry("spring.datasource.password", "secret")
        .containsEntry("spring.data.redis.host", "cache")
        .containsEntry("spring.data.redis.port", "6380")
        .containsEntry("allegro.embedded", "false");
  }

  @Test
  void clusterNodesWinOverUrlWhichWinsOverHost() {
    var all =
        Map.of(
            "DB_URL", "jdbc:postgresql://db/a",
            "REDIS_CLUSTER_NODES", "r1:7000,r2:7000",
            "REDIS_URL", "redis://r:6379",
            "REDIS_HOST", "h");
    var cluster = Infrastructure.resolve(settings(all), Optional.empty()).springProperties();
    assertThat(cluster)
        .containsEntry("spring.data.redis.cluster.nodes", "r1:7000,r2:7000")
        .doesNotContainKeys("spring.data.redis.url", "spring.data.redis.host");

    var withoutCluster = new java.util.HashMap<>(all);
    withoutCluster.remove("REDIS_CLUSTER_NODES");
    var url = Infrastructure.resolve(settings(withoutCluster), Optional.empty()).springProperties();
    assertThat(url)
        .containsEntry("spring.data.redis.url", "redis://r:6379")
        .doesNotContainKey("spring.data.redis.host");
  }

  @Test
  void missingServersAreStartedEmbeddedAndStoppedOnClose() {
    var started = new Recording();
    var settings = settings(Map.of("REDIS_HOST", "cache"));

    var infrastructure = Infrastructure.resolve(settings, Optional.of(started));

    assertThat(started.started).containsExactly("postgres");
    assertThat(infrastructure.embedded()).isTrue();
    assertThat(infrastructure.springProperties())
        .containsEntry("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/postgres")
        .containsEntry("spring.data.redis.host", "cache");
    infrastructure.close();
    assertThat(started.stopped).containsExactly("postgres");
  }

  private ServerSettings settings(Map<String, String> env) {
    var withData = new java.util.HashMap<>(env);
    withData.put("ALLEGRO_DATA_DIR", data.toString());
    return ServerSettings.from(withData);
  }

  /** Embedded servers that only note what was started and stopped. */
  private static final class Recording implements EmbeddedServers {
    final List<String> started = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();

    @Override
    public EmbeddedServer postgres(Path dataDirectory) {
      return server("postgres", 5432);
    }

    @Override
    public EmbeddedServer redis(Path dataDirectory) {
      return server("redis", 6379);
    }

    private EmbeddedServer server(String name, int port) {
      started.add(name);
      return new EmbeddedServer() {
        @Override
        public int port() {
          return port;
        }

        @Override
        public void close() throws IOException {
          stopped.add(name);
        }
      };
    }
  }
}
