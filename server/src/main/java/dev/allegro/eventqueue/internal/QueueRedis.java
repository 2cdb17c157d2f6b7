package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.EventQueueProperties;
import java.util.Locale;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The Redis connection the queues live on, chosen by {@code eventqueue.redis_connection}: {@code
 * default} is the platform's main Redis; any other name is read from {@code
 * eventqueue.connections.<name>} (a redis:// URL).
 */
@Component
class QueueRedis implements DisposableBean {

  private final StringRedisTemplate template;
  private final LettuceConnectionFactory own;

  QueueRedis(StringRedisTemplate main, EventQueueProperties properties) {
    String name = properties.redisConnection();
    if ("default".equals(name)) {
      this.template = main;
      this.own = null;
    } else {
      // a connection set through the environment arrives with its name in lower case
      String url =
          properties
              .connections()
              .getOrDefault(name, properties.connections().get(name.toLowerCase(Locale.ROOT)));
      if (url == null || url.isBlank()) {
        throw new IllegalStateException(
            "eventqueue.redis_connection is '"
                + name
                + "' but eventqueue.connections."
                + name
                + " (a redis:// URL) is not set");
      }
      this.own =
          new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(url));
      own.afterPropertiesSet();
      own.start();
      this.template = new StringRedisTemplate(own);
    }
  }

  StringRedisTemplate template() {
    return template;
  }

  @Override
  public void destroy() {
    if (own != null) {
      own.destroy();
    }
  }
}
