package dev.allegro.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param failedJobsWindow how far back the platform health's {@code failed_jobs} counts ({@code
 *     HEALTH_FAILED_JOBS_WINDOW})
 */
@ConfigurationProperties("allegro.health")
public record HealthProperties(@DefaultValue("1h") Duration failedJobsWindow) {}
