package dev.allegro.jobs.internal;

import dev.allegro.jobs.HorizonControl;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.CacheInvalidation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Makes supervisors: the node's own (a bean, started on nodes with the worker role, with the
 * settings of its {@code APP_ENV}), and others with settings of their own, as tests use.
 */
@Configuration(proxyBeanMethods = false)
public class SupervisorFactory {

  /** The broadcast topic that tells supervisors to read the control flags again. */
  static final String CONTROL = HorizonControl.CONTROL;

  /** What every supervisor works with. */
  record Parts(
      JobProcessor processor,
      RedisQueue queue,
      SupervisorRecords records,
      JobCounters counters,
      StringRedisTemplate redis,
      RedisConnectionFactory connections,
      JobKeys keys,
      CacheInvalidation invalidation,
      ApplicationEventPublisher events,
      boolean redisConnection,
      boolean cluster,
      Duration drainTimeout,
      String host,
      Clock clock) {}

  private final Parts parts;
  private final AllegroProperties allegro;
  private final JobsProperties properties;

  SupervisorFactory(
      JobProcessor processor,
      RedisQueue queue,
      SupervisorRecords records,
      JobCounters counters,
      StringRedisTemplate redis,
      RedisConnectionFactory connections,
      JobKeys keys,
      CacheInvalidation invalidation,
      ApplicationEventPublisher events,
      ScriptRunner scripts,
      JobsProperties properties,
      AllegroProperties allegro,
      Clock clock) {
    this.parts =
        new Parts(
            processor,
            queue,
            records,
            counters,
            redis,
            connections,
            keys,
            invalidation,
            events,
            properties.redisConnection(),
            scripts.cluster(),
            properties.drainTimeout(),
            host(),
            clock);
    this.allegro = allegro;
    this.properties = properties;
  }

  /** This node's supervisor. */
  @Bean
  Supervisor supervisor() {
    return new Supervisor(
        parts, properties.supervisorFor(allegro.env()), name(), allegro.runs(Role.WORKER));
  }

  /** A supervisor with its own settings; its owner starts and drains it. */
  public Supervisor create(JobsProperties.Supervisor settings) {
    return new Supervisor(parts, settings, name(), false);
  }

  private String name() {
    return parts.host()
        + ":"
        + ProcessHandle.current().pid()
        + ":"
        + UUID.randomUUID().toString().substring(0, 4);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
