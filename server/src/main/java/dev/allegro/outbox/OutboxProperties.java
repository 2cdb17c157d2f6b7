package dev.allegro.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param relaySweep how often each web node looks for outbox rows a wake-up missed
 * @param verifyEvery how often one web node checks that every Event and Heartbeat Queue in Redis
 *     still holds what the outbox delivered to it, and has lost ones rebuilt
 */
@ConfigurationProperties("allegro.outbox")
public record OutboxProperties(
    @DefaultValue("1s") Duration relaySweep, @DefaultValue("5s") Duration verifyEvery) {}
