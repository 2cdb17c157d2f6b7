package dev.allegro.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sessionIdleTimeout {@code HORIZON_SESSION_IDLE_TIMEOUT}: a signed-in session ends after
 *     this long without a request
 */
@ConfigurationProperties("allegro.dashboard")
public record DashboardProperties(@DefaultValue("30m") Duration sessionIdleTimeout) {}
