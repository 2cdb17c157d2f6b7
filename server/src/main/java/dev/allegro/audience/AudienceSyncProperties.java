package dev.allegro.audience;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audience sync providers (docs/audience-sync.md).
 *
 * @param refreshInterval {@code AUDIENCE_SYNC_REFRESH_INTERVAL}: a member's external profile older
 *     than this is synced again at the next run, changed or not
 * @param maxAgeOnLogin {@code AUDIENCE_SYNC_MAX_AGE_ON_LOGIN}: a member signing in whose external
 *     profile is older than this is synced before the JWT is issued
 * @param signInTimeout {@code AUDIENCE_SYNC_SIGN_IN_TIMEOUT}: how long a sign-in waits for that
 *     sync; past it the JWT is issued and the sync stays queued on {@code audience-sync}
 * @param tries attempts of one member's sync job before it fails for good
 * @param backoff {@code AUDIENCE_SYNC_BACKOFF}: seconds before each retry (the last repeats)
 * @param runTimeout a run still going after this long is marked abandoned, so that the next tick
 *     may start another
 * @param tick how often the scheduler looks for due providers
 */
@ConfigurationProperties("allegro.audience.sync")
public record AudienceSyncProperties(
    @DefaultValue("24h") Duration refreshInterval,
    @DefaultValue("1h") Duration maxAgeOnLogin,
    @DefaultValue("2s") Duration signInTimeout,
    @DefaultValue("3") int tries,
    @DefaultValue({"10", "60", "300"}) List<Integer> backoff,
    @DefaultValue("6h") Duration runTimeout,
    @DefaultValue("5m") Duration tick) {

  public AudienceSyncProperties {
    backoff = List.copyOf(backoff);
  }
}
