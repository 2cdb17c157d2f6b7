package dev.allegro.audience;

import dev.allegro.audience.internal.signin.SigningKeys;
import dev.allegro.tenancy.TenantId;
import org.springframework.stereotype.Service;

/**
 * Rotation of the keys that sign members' JWTs, for the command line ({@code allegro
 * audience:rotate-keys}); the hourly {@code audience:key-rotation} task rotates keys that are due.
 * A retired key stays in the tenant's JWKS until every token it signed has expired.
 */
@Service
public class SigningKeyRotation {

  private final SigningKeys keys;

  SigningKeyRotation(SigningKeys keys) {
    this.keys = keys;
  }

  /**
   * Replaces the tenant's signing key now.
   *
   * @return the new key's id ({@code kid})
   */
  public String rotate(TenantId tenant) {
    return keys.rotate(tenant);
  }

  /**
   * Replaces every key past its rotation age and forgets retired keys no token needs.
   *
   * @return how many keys were replaced
   */
  public int rotateDue() {
    return keys.rotateDue();
  }
}
