package dev.allegro.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Spring context of a one-shot command ({@code tenant:list}, {@code queue:dispatch}, ...): the
 * features' services over PostgreSQL and Redis, and nothing a running node needs.
 *
 * <ul>
 *   <li>Only the auto-configurations listed here: no web server, no actuator or Micrometer export,
 *       no task executors or schedulers; without {@code @EnableScheduling}, {@code @Scheduled}
 *       methods stay inert.
 *   <li>Controllers, web configuration, start-up listeners and lifecycle components (workers, the
 *       event writer, the outbox relay) are not even defined: {@link NodeParts}.
 *   <li>The context's lifecycle processor starts nothing, so a {@code SmartLifecycle} defined by a
 *       {@code @Bean} method (a Redis listener container) is never started either.
 *   <li>Every bean is lazy ({@link Platform#startCommandContext}): a command creates what it asks
 *       for and what that needs, no more.
 *   <li>No Flyway at start: {@link SchemaStep} looks, with one query, whether the jar has
 *       migrations the database lacks, and only then migrates.
 * </ul>
 */
// Not a @Configuration: the application's own component scan would then take it in as well.
@ImportAutoConfiguration({
  PropertyPlaceholderAutoConfiguration.class,
  DataSourceAutoConfiguration.class,
  DataSourceTransactionManagerAutoConfiguration.class,
  TransactionAutoConfiguration.class,
  JdbcTemplateAutoConfiguration.class,
  JdbcClientAutoConfiguration.class,
  DataRedisAutoConfiguration.class,
  JacksonAutoConfiguration.class,
})
// The application's package, by name: the application class depends on this package.
@ComponentScan(
    basePackages = "dev.allegro",
    excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = NodeParts.class))
@ConfigurationPropertiesScan("dev.allegro")
class CommandContext {

  private static final String SCHEMA_STEP = "schemaStep";
  private static final List<Class<?>> QUERIES =
      List.of(JdbcOperations.class, NamedParameterJdbcOperations.class, JdbcClient.class);

  @Bean
  static LifecycleProcessor lifecycleProcessor() {
    return new StartsNothing();
  }

  /**
   * Meters a command's services record (a job handler's counters, say) go nowhere: a one-shot
   * command exports none.
   */
  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean(SCHEMA_STEP)
  @ConditionalOnBooleanProperty(name = "allegro.cli.schema-step", matchIfMissing = true)
  SchemaStep schemaStep(Migrations migrations) {
    return new SchemaStep(migrations);
  }

  /** Every bean that queries the database is made after the schema step, as Boot orders Flyway. */
  @Bean
  static BeanFactoryPostProcessor schemaBeforeQueries() {
    return factory -> {
      for (Class<?> type : QUERIES) {
        if (!factory.containsBeanDefinition(SCHEMA_STEP)) {
          return;
        }
        for (String name : factory.getBeanNamesForType(type, true, false)) {
          var definition = factory.getBeanDefinition(name);
          var dependsOn = new ArrayList<String>();
          if (definition.getDependsOn() != null) {
            dependsOn.addAll(Arrays.asList(definition.getDependsOn()));
          }
          dependsOn.add(SCHEMA_STEP);
          definition.setDependsOn(dependsOn.toArray(String[]::new));
        }
      }
    };
  }

  /**
   * Migrates only when the jar has migrations the database lacks: a command run before any node
   * started, as on a fresh zero-setup data directory. A node instead lets Flyway read and validate
   * every migration at start, which takes longer than most commands.
   */
  record SchemaStep(Migrations migrations) implements InitializingBean {
    @Override
    public void afterPropertiesSet() {
      if (!migrations.pending().isEmpty()) {
        migrations.migrate();
      }
    }
  }

  private static final class StartsNothing implements LifecycleProcessor {
    @Override
    public void onRefresh() {}

    @Override
    public void onClose() {}

    @Override
    public void start() {}

    @Override
    public void stop() {}

    @Override
    public boolean isRunning() {
      return false;
    }
  }
}
