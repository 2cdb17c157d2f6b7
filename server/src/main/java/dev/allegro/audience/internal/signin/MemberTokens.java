package dev.allegro.audience.internal.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.allegro.audience.AudienceMember;
import dev.allegro.audience.SignInProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues a member's JWT: RS256 under the tenant's current key (its {@code kid} in the header),
 * {@code iss} and {@code aud} the tenant's origin, {@code sub} the member's id, {@code email},
 * {@code iat}, {@code exp} and a fresh {@code jti}; besides, {@code authenticated} and the member
 * as {@code audience_member}.
 */
@Component
class MemberTokens {

  private final SigningKeys keys;
  private final Clock clock;
  private final Duration lifetime;

  MemberTokens(SigningKeys keys, Clock clock, SignInProperties properties) {
    this.keys = keys;
    this.clock = clock;
    this.lifetime = properties.tokenLifetime();
  }

  /** A signed token and when it expires. */
  record Issued(String jwt, Instant expiresAt) {}

  Issued issue(AudienceMember member, String origin) {
    RSAKey key = keys.current(member.tenantId());
    // JWT times are whole seconds
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant expires = now.plus(lifetime);
    var profile = new LinkedHashMap<String, Object>();
    profile.put("id", member.id().toString());
    profile.put("email", member.email());
    profile.put("name", member.name());
    profile.put("email_verified", member.emailVerifiedAt() != null);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(origin)
            .audience(origin)
            .subject(member.id().toString())
            .claim("email", member.email())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(UUID.randomUUID().toString())
            .claim("authenticated", true)
            .claim("audience_member", profile)
            .build();
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign a member JWT", e);
    }
    return new Issued(jwt.serialize(), expires);
  }
}
