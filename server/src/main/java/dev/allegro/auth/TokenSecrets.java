package dev.allegro.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** The plaintext form of a token, {@code <id>|<secret>}, and how its secret is stored. */
public final class TokenSecrets {

  private static final Pattern PLAIN_TEXT = Pattern.compile("(\\d{1,18})\\|([A-Za-z0-9]{40})");

  private TokenSecrets() {}

  /** A bearer value split into id and secret, or empty when it has not the token's form. */
  public record Parsed(long id, String secret) {}

  public static Optional<Parsed> parse(String bearer) {
    if (bearer == null) {
      return Optional.empty();
    }
    var matcher = PLAIN_TEXT.matcher(bearer);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(Long.parseLong(matcher.group(1)), matcher.group(2)));
  }

  public static String sha256Hex(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Compares in time independent of where the two differ. */
  public static boolean matches(String secret, String storedHash) {
    return MessageDigest.isEqual(
        sha256Hex(secret).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
