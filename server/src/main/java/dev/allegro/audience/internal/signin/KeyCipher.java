package dev.allegro.audience.internal.signin;

import dev.allegro.audience.SignInProperties;
import dev.allegro.system.AllegroProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Seals the signing keys' private halves at rest: AES-256-GCM under {@code AUDIENCE_KEY_SECRET}, a
 * random 12-byte nonce per key, the key's id as associated data (a sealed key copied to another row
 * does not open).
 */
@Component
class KeyCipher {

  private static final Logger log = LoggerFactory.getLogger(KeyCipher.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  KeyCipher(SignInProperties properties, AllegroProperties allegro) {
    this.key = key(properties.keySecret(), allegro.env());
    if (key == null) {
      log.warn(
          "AUDIENCE_KEY_SECRET is not set: members' JWT signing keys are stored unsealed in"
              + " PostgreSQL");
    }
  }

  /** Whether keys are sealed; without a secret they are stored as they are. */
  boolean seals() {
    return key != null;
  }

  String seal(String kid, String plain) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder()
          .encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not seal a signing key", e);
    }
  }

  /**
   * @throws IllegalStateException when the key was sealed under another secret (or none is set)
   */
  String open(String kid, String sealed) {
    if (key == null) {
      throw new IllegalStateException(
          "Signing key " + kid + " is sealed but AUDIENCE_KEY_SECRET is not set");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException(
          "Could not open signing key " + kid + " (was AUDIENCE_KEY_SECRET changed?)", e);
    }
  }

  private static SecretKeySpec key(String configured, AllegroProperties.Environment env) {
    if (configured != null && !configured.isBlank()) {
      byte[] bytes = Base64.getDecoder().decode(configured.trim());
      if (bytes.length != 32) {
        throw new IllegalArgumentException("AUDIENCE_KEY_SECRET must be the base64 of 32 bytes");
      }
      return new SecretKeySpec(bytes, "AES");
    }
    if (env != AllegroProperties.Environment.LOCAL) {
      return null;
    }
    try {
      byte[] dev =
          MessageDigest.getInstance("SHA-256")
              .digest("allegro local audience key secret".getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(dev, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
