package dev.allegro.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param relaySweep how often each web node looks for outbox rows a wake-up missed
 */
@ConfigurationProperties("allegro.outbox")
public record OutboxProperties(@DefaultValue("1s") Duration relaySweep) {}
