package dev.allegro.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenUsageFlush how often each node writes the last use of the tokens it authenticated
 */
@ConfigurationProperties("allegro.auth")
public record AuthProperties(@DefaultValue("5s") Duration tokenUsageFlush) {}
