package dev.allegro.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenSecretsTest {

  private static final String SECRET = "abcdefghijABCDEFGHIJ0123456789abcdefghij";

  @Test
  void plainTextIsIdPipeFortyCharacters() {
    assertThat(TokenSecrets.parse("42|" + SECRET)).hasValue(new TokenSecrets.Parsed(42, SECRET));
    assertThat(TokenSecrets.parse("42|" + SECRET.substring(1))).isEmpty();
    assertThat(TokenSecrets.parse("|" + SECRET)).isEmpty();
    assertThat(TokenSecrets.parse(SECRET)).isEmpty();
    assertThat(TokenSecrets.parse("42|" + SECRET + "!")).isEmpty();
    assertThat(TokenSecrets.parse(null)).isEmpty();
  }

  @Test
  void secretIsStoredAsItsSha256Hex() {
    assertThat(TokenSecrets.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(TokenSecrets.matches("abc", TokenSecrets.sha256Hex("abc"))).isTrue();
    assertThat(TokenSecrets.matches("abd", TokenSecrets.sha256Hex("abc"))).isFalse();
  }

  @Test
  void abilitiesAllowWildcardOrListed() {
    assertThat(Abilities.ALL.allows("events:delete")).isTrue();
    var reader = Abilities.parse("events:read, events:delete");
    assertThat(reader.allows("events:read")).isTrue();
    assertThat(reader.allows("events:write")).isFalse();
    assertThatThrownBy(() -> Abilities.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Abilities.parse("events read")).hasMessageContaining("not an ability");
  }
}
