package dev.allegro.audience.internal.signin;

import dev.allegro.audience.SignInProperties;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.SecretBox;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Seals the signing keys' private halves at rest under {@code AUDIENCE_KEY_SECRET} ({@link
 * SecretBox}), the key's id as associated data: a sealed key copied to another row does not open.
 */
@Component
class KeyCipher {

  private static final Logger log = LoggerFactory.getLogger(KeyCipher.class);
  private final SecretBox box;

  KeyCipher(SignInProperties properties, AllegroProperties allegro) {
    this.box =
        SecretBox.of(
                properties.keySecret(),
                "AUDIENCE_KEY_SECRET",
                "allegro local audience key secret",
                allegro.env())
            .orElse(null);
    if (box == null) {
      log.warn(
          "AUDIENCE_KEY_SECRET is not set: members' JWT signing keys are stored unsealed in"
              + " PostgreSQL");
    }
  }

  /** Whether keys are sealed; without a secret they are stored as they are. */
  boolean seals() {
    return box != null;
  }

  String seal(String kid, String plain) {
    try {
      return box.seal(plain, kid);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not seal a signing key", e);
    }
  }

  /**
   * @throws IllegalStateException when the key was sealed under another secret (or none is set)
   */
  String open(String kid, String sealed) {
    if (box == null) {
      throw new IllegalStateException(
          "Signing key " + kid + " is sealed but AUDIENCE_KEY_SECRET is not set");
    }
    try {
      return box.open(sealed, kid);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException(
          "Could not open signing key " + kid + " (was AUDIENCE_KEY_SECRET changed?)", e);
    }
  }
}
