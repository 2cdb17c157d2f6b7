package dev.allegro.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import picocli.CommandLine.Command;

/**
 * The run that records the {@link StartupCache}'s archive: starts a command's context against
 * servers that are not there and makes every bean it can, so that the classes commands load are in
 * the archive. Nothing is written anywhere.
 */
@Command(name = WarmUpCommand.NAME, hidden = true)
final class WarmUpCommand implements Callable<Integer> {

  static final String NAME = "cli:warm-up";

  /** Nothing listens on port 1; the schema step has no database to look at. */
  private static final Map<String, Object> NOWHERE =
      Map.of(
          "spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/warm-up",
          "spring.datasource.username", "warm-up",
          "spring.datasource.hikari.initialization-fail-timeout", "1",
          "spring.datasource.hikari.connection-timeout", "250",
          "spring.data.redis.host", "127.0.0.1",
          "spring.data.redis.port", "1",
          "spring.data.redis.connect-timeout", "250ms",
          "allegro.cli.schema-step", "false");

  @Override
  public Integer call() {
    try (var context = Platform.startCommandContext(NOWHERE)) {
      for (String name : context.getBeanDefinitionNames()) {
        try {
          context.getBean(name);
        } catch (RuntimeException e) {
          // a bean a command's context cannot make (a gauge without a meter registry): skip it
        }
      }
      // The connection attempts fail at once, after loading the drivers' connection classes.
      try (var connection = context.getBean(DataSource.class).getConnection()) {
        connection.isValid(1);
      } catch (Exception e) {
        // expected
      }
      try (var connection = context.getBean(RedisConnectionFactory.class).getConnection()) {
        connection.ping();
      } catch (RuntimeException e) {
        // expected
      }
    }
    return 0;
  }
}
