package dev.allegro.audience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Members' magic-link sign-in and their JWTs (docs/audience.md).
 *
 * @param linkValidity {@code AUDIENCE_MAGIC_LINK_VALIDITY}: how long a mailed link works
 * @param perAddress links one address may ask for per minute (per tenant)
 * @param perClient links one client address may ask for per minute
 * @param tokenLifetime {@code AUDIENCE_JWT_LIFETIME}: a member JWT's {@code exp} after its {@code
 *     iat}
 * @param keyRotation {@code AUDIENCE_KEY_ROTATION}: a tenant's signing key is replaced this long
 *     after it was made (by the hourly {@code audience:key-rotation} task, or at once with {@code
 *     allegro audience:rotate-keys})
 * @param keySecret {@code AUDIENCE_KEY_SECRET}: base64 of the 32-byte AES key that seals the
 *     signing keys' private halves in PostgreSQL; blank: a fixed development key in {@code
 *     APP_ENV=local}, else they are stored unsealed (and a warning is logged)
 */
@ConfigurationProperties("allegro.audience.sign-in")
public record SignInProperties(
    @DefaultValue("15m") Duration linkValidity,
    @DefaultValue("3") int perAddress,
    @DefaultValue("3") int perClient,
    @DefaultValue("1h") Duration tokenLifetime,
    @DefaultValue("30d") Duration keyRotation,
    @DefaultValue("") String keySecret) {}
