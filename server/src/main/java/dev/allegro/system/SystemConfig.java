package dev.allegro.system;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import java.time.Clock;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

@Configuration(proxyBeanMethods = false)
class SystemConfig {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * While Redis is unreachable, commands fail at once instead of queueing until the timeout, so
   * ingestion (which only needs PostgreSQL) keeps its speed and the relay retries later.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
    return options -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
  }

  @Bean
  RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connections) {
    var container = new RedisMessageListenerContainer();
    container.setConnectionFactory(connections);
    return container;
  }
}
