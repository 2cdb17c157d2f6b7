package dev.allegro.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenUsageFlush how often each node writes the last use of the tokens it authenticated
 * @param horizonAllowedDomains {@code HORIZON_ALLOWED_DOMAINS}: the email domains of the staff who
 *     may use the dashboard (seed: "verified @alley.com accounts")
 * @param signInLinkValidity how long a staff sign-in link works
 */
@ConfigurationProperties("allegro.auth")
public record AuthProperties(
    @DefaultValue("5s") Duration tokenUsageFlush,
    @DefaultValue("alley.com") List<String> horizonAllowedDomains,
    @DefaultValue("15m") Duration signInLinkValidity) {}
