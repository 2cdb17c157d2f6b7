package dev.allegro.eventqueue;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Event and Heartbeat Queues' settings, under the seed's {@code eventqueue} key.
 *
 * @param redisConnection {@code eventqueue.redis_connection}: the Redis connection the queues live
 *     on ({@code default}: the main one; another name is looked up in {@code connections})
 * @param connections further Redis connections by name, each a {@code redis://} URL
 * @param cap items a tenant's queue holds at most; beyond it items wait in the outbox
 */
@ConfigurationProperties("eventqueue")
public record EventQueueProperties(
    @DefaultValue("default") String redisConnection,
    @DefaultValue Map<String, String> connections,
    @DefaultValue("1000000") long cap) {}
