package dev.allegro.sdk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The browser SDK's settings that the server writes into each tenant's loader.
 *
 * @param heartbeatInterval how often the SDK reports a page view's active time, for tenants with
 *     {@code SdkHeartbeat} on
 * @param cookieDomain the domain of the SDK's device and session cookies; empty for the page's own
 *     host
 */
@ConfigurationProperties("allegro.sdk")
public record SdkProperties(@DefaultValue("15s") Duration heartbeatInterval) {}
