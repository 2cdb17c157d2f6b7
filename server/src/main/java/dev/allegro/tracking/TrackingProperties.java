package dev.allegro.tracking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sdkRateLimitPerMinute requests one client address may make to the SDK endpoints per
 *     minute; 0 turns the limit off
 */
@ConfigurationProperties("allegro.tracking")
public record TrackingProperties(@DefaultValue("600") int sdkRateLimitPerMinute) {}
