package dev.allegro.tracking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sdkRateLimitPerMinute requests one client address may make to the SDK endpoints per
 *     minute; 0 turns the limit off
 * @param writers group commits a node keeps in flight at once, each on its own thread and
 *     connection: with more than one, a slow commit does not hold up the requests that arrive
 *     during it
 */
@ConfigurationProperties("allegro.tracking")
public record TrackingProperties(
    @DefaultValue("600") int sdkRateLimitPerMinute, @DefaultValue("1") int writers) {

  public TrackingProperties {
    if (writers < 1) {
      throw new IllegalArgumentException("INGESTION_WRITERS must be at least 1, not " + writers);
    }
  }
}
