package dev.allegro.webhooks.internal;

import dev.allegro.system.AllegroProperties;
import dev.allegro.webhooks.WebhooksProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/** Encrypts forwarders' headers at rest: AES-256-GCM, a random 12-byte nonce per value. */
@Component
class HeaderCipher {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  HeaderCipher(WebhooksProperties properties, AllegroProperties allegro) {
    this.key = key(properties.forwardingKey(), allegro.env());
  }

  boolean available() {
    return key != null;
  }

  String encrypt(String plain) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder()
          .encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not encrypt forwarder headers", e);
    }
  }

  String decrypt(String sealed) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
      return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException("Could not decrypt forwarder headers (FORWARDING_KEY?)", e);
    }
  }

  private static SecretKeySpec key(String configured, AllegroProperties.Environment env) {
    if (configured != null && !configured.isBlank()) {
      byte[] bytes = Base64.getDecoder().decode(configured.trim());
      if (bytes.length != 32) {
        throw new IllegalArgumentException("FORWARDING_KEY must be the base64 of 32 bytes");
      }
      return new SecretKeySpec(bytes, "AES");
    }
    if (env != AllegroProperties.Environment.LOCAL) {
      return null;
    }
    try {
      byte[] dev =
          MessageDigest.getInstance("SHA-256")
              .digest("allegro local forwarding key".getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(dev, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
