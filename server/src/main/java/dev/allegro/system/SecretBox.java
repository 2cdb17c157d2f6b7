package dev.allegro.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals values kept at rest under a configured secret: AES-256-GCM, a random 12-byte nonce per
 * value stored before the ciphertext, all in base64. Associated data (a row's id) makes a sealed
 * value copied elsewhere fail to open.
 */
public final class SecretBox {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;

  private SecretBox(SecretKeySpec key) {
    this.key = key;
  }

  /**
   * The box for a configured secret, the base64 of 32 bytes. Without one: in the local environment
   * a fixed key derived from {@code localSeed}, elsewhere none.
   *
   * @param setting the secret's variable, named in the error when it is malformed
   * @throws IllegalArgumentException when the secret is not the base64 of 32 bytes
   */
  public static Optional<SecretBox> of(
      String configured, String setting, String localSeed, AllegroProperties.Environment env) {
    if (configured != null && !configured.isBlank()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(configured.trim());
      } catch (IllegalArgumentException e) {
        bytes = new byte[0];
      }
      if (bytes.length != 32) {
        throw new IllegalArgumentException(setting + " must be the base64 of 32 bytes");
      }
      return Optional.of(new SecretBox(new SecretKeySpec(bytes, "AES")));
    }
    if (env != AllegroProperties.Environment.LOCAL) {
      return Optional.empty();
    }
    try {
      byte[] derived =
          MessageDigest.getInstance("SHA-256").digest(localSeed.getBytes(StandardCharsets.UTF_8));
      return Optional.of(new SecretBox(new SecretKeySpec(derived, "AES")));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param associated bound to the sealed value, or null
   */
  public String seal(String plain, String associated) throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance(CIPHER);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
    if (associated != null) {
      cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
    }
    byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder()
        .encodeToString(
            ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
  }

  /**
   * @param associated what the value was sealed with, or null
   * @throws GeneralSecurityException when it was sealed under another key or with other data
   * @throws IllegalArgumentException when it is not base64
   */
  public String open(String sealed, String associated) throws GeneralSecurityException {
    byte[] all = Base64.getDecoder().decode(sealed);
    Cipher cipher = Cipher.getInstance(CIPHER);
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
    if (associated != null) {
      cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
    }
    return new String(
        cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
  }
}
