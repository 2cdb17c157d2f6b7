package dev.allegro.webhooks.internal;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.SecretBox;
import dev.allegro.webhooks.WebhooksProperties;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Component;

/** Encrypts forwarders' headers at rest under {@code FORWARDING_KEY} ({@link SecretBox}). */
@Component
class HeaderCipher {

  private final SecretBox box;

  HeaderCipher(WebhooksProperties properties, AllegroProperties allegro) {
    this.box =
        SecretBox.of(
                properties.forwardingKey(),
                "FORWARDING_KEY",
                "allegro local forwarding key",
                allegro.env())
            .orElse(null);
  }

  boolean available() {
    return box != null;
  }

  /**
   * @throws IllegalStateException when no key is set ({@link #available()} is false)
   */
  String encrypt(String plain) {
    if (box == null) {
      throw new IllegalStateException(
          "FORWARDING_KEY is not set: forwarder headers cannot be kept");
    }
    try {
      return box.seal(plain, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not encrypt forwarder headers", e);
    }
  }

  String decrypt(String sealed) {
    try {
      return box.open(sealed, null);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException("Could not decrypt forwarder headers (FORWARDING_KEY?)", e);
    }
  }
}
