package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allegro.system.AllegroProperties.Environment;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

  private static SecretBox box(String secret) {
    return SecretBox.of(secret, "TEST_SECRET", "seed", Environment.PRODUCTION).orElseThrow();
  }

  @Test
  void aSealedValueOpensWithItsKeyAndAssociatedDataOnly() throws Exception {
    var box = box(SECRET);
    String sealed = box.seal("private half", "kid-1");

    assertThat(sealed).doesNotContain("private half");
    assertThat(box.seal("private half", "kid-1"))
        .as("a fresh nonce each time")
        .isNotEqualTo(sealed);
    assertThat(box.open(sealed, "kid-1")).isEqualTo("private half");
    assertThatThrownBy(() -> box.open(sealed, "kid-2"))
        .as("copied to another row")
        .isInstanceOf(GeneralSecurityException.class);
    byte[] another = new byte[32];
    another[0] = 1;
    var other = box(Base64.getEncoder().encodeToString(another));
    assertThatThrownBy(() -> other.open(sealed, "kid-1"))
        .as("under another secret")
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void withoutASecretOnlyTheLocalEnvironmentHasABoxAndItsKeyIsStable() throws Exception {
    assertThat(SecretBox.of(null, "TEST_SECRET", "seed", Environment.PRODUCTION)).isEmpty();
    assertThat(SecretBox.of(" ", "TEST_SECRET", "seed", Environment.STAGING)).isEmpty();
    var local = SecretBox.of(null, "TEST_SECRET", "seed", Environment.LOCAL).orElseThrow();
    var again = SecretBox.of(null, "TEST_SECRET", "seed", Environment.LOCAL).orElseThrow();
    assertThat(again.open(local.seal("header", null), null)).isEqualTo("header");
  }

  @Test
  void aSigningKeySealedBeforeTheBoxWasSharedStillOpens() throws Exception {
    // sealed by the signing keys' cipher as it was, under the local key, for kid-1
    String sealed = "nHXt/CJ3KU1zzarTuhVIqQ3krhgntb+RMCjW81FHMqXXgLQ9+ZfW4NRgDRE=";
    var local =
        SecretBox.of(
                null, "AUDIENCE_KEY_SECRET", "allegro local audience key secret", Environment.LOCAL)
            .orElseThrow();

    assertThat(local.open(sealed, "kid-1")).isEqualTo("the private half");
  }

  @Test
  void aMalformedSecretIsRefusedByName() {
    for (String bad :
        new String[] {"not base64!", Base64.getEncoder().encodeToString(new byte[16])}) {
      assertThatThrownBy(() -> box(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("TEST_SECRET must be the base64 of 32 bytes");
    }
  }
}
