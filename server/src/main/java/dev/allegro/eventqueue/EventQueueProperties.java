package dev.allegro.eventqueue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param redisConnection the Redis connection the queues live on ({@code default}: the main one)
 * @param cap items a tenant's queue holds at most; beyond it items wait in the outbox
 */
@ConfigurationProperties("eventqueue")
public record EventQueueProperties(
    @DefaultValue("default") String redisConnection, @DefaultValue("1000000") long cap) {}
