package dev.allegro.test;

import dev.allegro.AllegroApplication;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A second application node on the same database and Redis (one server or a cluster) as a test's
 * own context.
 */
public final class Nodes {

  private Nodes() {}

  public static ConfigurableApplicationContext secondNode(Environment first) {
    String[] args =
        Stream.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "spring.data.redis.host",
                "spring.data.redis.port",
                "spring.data.redis.cluster.nodes",
                "allegro.redis-prefix",
                "allegro.jobs.prefix")
            .filter(first::containsProperty)
            .map(key -> "--" + key + "=" + first.getProperty(key, ""))
            .toArray(String[]::new);
    return new SpringApplicationBuilder(AllegroApplication.class)
        .run(
            Stream.concat(
                    Stream.of(args),
                    Stream.of(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--allegro.roles=web",
                        "--spring.datasource.hikari.maximum-pool-size=3"))
                .toArray(String[]::new));
  }
}
