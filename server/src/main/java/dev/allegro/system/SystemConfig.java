package dev.allegro.system;

import java.time.Clock;
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

  @Bean
  RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connections) {
    var container = new RedisMessageListenerContainer();
    container.setConnectionFactory(connections);
    return container;
  }
}
