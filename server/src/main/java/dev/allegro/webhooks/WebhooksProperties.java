package dev.allegro.webhooks;

import dev.allegro.system.AllegroProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing webhooks (docs/webhooks.md).
 *
 * @param allowPrivate {@code WEBHOOKS_ALLOW_PRIVATE}: whether endpoints may resolve to loopback,
 *     private, link-local, CGNAT, multicast or metadata addresses; unset means only in {@code
 *     APP_ENV=local}
 * @param retrySchedule {@code WEBHOOKS_RETRY_SCHEDULE}: seconds before each retry, one per retry
 * @param jitter {@code WEBHOOKS_RETRY_JITTER}: up to this fraction is added to each wait
 * @param timeout {@code WEBHOOKS_TIMEOUT}: connect and read timeout of one attempt
 * @param disableAfter {@code WEBHOOKS_DISABLE_AFTER}: an endpoint failing every attempt this long
 *     is disabled
 * @param deliveryRetention {@code WEBHOOKS_DELIVERY_RETENTION}: how long settled deliveries and
 *     their attempts stay listed
 * @param rotationOverlap how long the old secret still signs after a rotation
 * @param maxEndpoints endpoints a tenant may have
 * @param forwardingKey {@code FORWARDING_KEY}: base64 of the 32-byte AES key that encrypts
 *     forwarders' headers; blank: a fixed development key in {@code APP_ENV=local}, else forwarders
 *     cannot have headers
 * @param replayMaxRange {@code WEBHOOKS_REPLAY_MAX_RANGE}: the longest time range one replay may
 *     cover
 * @param replayMaxEvents {@code WEBHOOKS_REPLAY_MAX_EVENTS}: the most events one replay may send
 */
@ConfigurationProperties("allegro.webhooks")
public record WebhooksProperties(
    Boolean allowPrivate,
    @DefaultValue({"5", "300", "1800", "7200", "18000", "36000", "36000"})
        List<Integer> retrySchedule,
    @DefaultValue("0.1") double jitter,
    @DefaultValue("15s") Duration timeout,
    @DefaultValue("5d") Duration disableAfter,
    @DefaultValue("30d") Duration deliveryRetention,
    @DefaultValue("24h") Duration rotationOverlap,
    @DefaultValue("5") int maxEndpoints,
    @DefaultValue("") String forwardingKey,
    @DefaultValue({"10", "60", "300", "900"}) List<Integer> forwardingBackoff,
    @DefaultValue("7d") Duration replayMaxRange,
    @DefaultValue("10000") int replayMaxEvents) {

  public WebhooksProperties {
    retrySchedule = List.copyOf(retrySchedule);
  }

  /** Whether private targets are allowed in {@code env}: the setting, else only locally. */
  public boolean allowsPrivate(AllegroProperties.Environment env) {
    return allowPrivate != null ? allowPrivate : env == AllegroProperties.Environment.LOCAL;
  }

  /** Attempts of one delivery: the first and one per retry. */
  public int tries() {
    return retrySchedule.size() + 1;
  }
}
