package dev.allegro.audience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Member profiles (docs/audience-sync.md).
 *
 * @param ttl {@code AUDIENCE_PROFILE_TTL}: how long a computed profile stays cached in Redis
 * @param prewarmWindow {@code AUDIENCE_PREWARM_WINDOW}: events of one member within this window
 *     make one pre-warming job, which runs when the window closes
 */
@ConfigurationProperties("allegro.audience.profiles")
public record AudienceProfileProperties(
    @DefaultValue("1h") Duration ttl, @DefaultValue("30s") Duration prewarmWindow) {}
