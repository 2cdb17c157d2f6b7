package dev.allegro.auth;

import dev.allegro.auth.internal.TokenCache;
import dev.allegro.auth.internal.TokenStore;
import dev.allegro.auth.internal.TokenUsageRecorder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Personal access tokens in the manner of Laravel Sanctum: {@code <id>|<40 random characters>}, of
 * which only the SHA-256 of the secret part is stored.
 */
@Service
public class AccessTokens {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int SECRET_LENGTH = 40;

  private final TokenStore store;
  private final TokenCache cache;
  private final TokenUsageRecorder usage;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  AccessTokens(TokenStore store, TokenCache cache, TokenUsageRecorder usage, Clock clock) {
    this.store = store;
    this.cache = cache;
    this.usage = usage;
    this.clock = clock;
  }

  /**
   * Who an {@code Authorization} header's bearer token belongs to, if it is a live token; its use
   * is recorded. Read through a cache whose entries live at most a second.
   *
   * @param authorization the header's value, e.g. {@code Bearer 12|abc...}, or null
   */
  public Optional<Access> authenticate(String authorization) {
    if (authorization == null
        || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    var parsed = TokenSecrets.parse(authorization.substring(7).trim());
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    var now = clock.instant();
    var token =
        cache
            .token(parsed.get().id())
            .filter(t -> TokenSecrets.matches(parsed.get().secret(), t.hash()))
            .filter(t -> t.expiresAt() == null || t.expiresAt().isAfter(now));
    token.ifPresent(t -> usage.used(t.id(), now));
    return token.map(t -> new Access(t.id(), t.name(), t.user(), t.abilities()));
  }

  /**
   * The app an {@code Authorization} header's bearer token belongs to, if it is a live app token; a
   * user's token is none. Read through the same one-second cache as users' tokens.
   */
  public Optional<AppAccess> authenticateApp(String authorization) {
    var parsed = bearer(authorization);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    var now = clock.instant();
    var token =
        cache
            .appToken(parsed.get().id())
            .filter(t -> TokenSecrets.matches(parsed.get().secret(), t.hash()))
            .filter(t -> t.expiresAt() == null || t.expiresAt().isAfter(now));
    token.ifPresent(t -> usage.used(t.id(), now));
    return token.map(t -> new AppAccess(t.id(), t.name(), t.app(), t.abilities()));
  }

  private static Optional<TokenSecrets.Parsed> bearer(String authorization) {
    if (authorization == null
        || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return TokenSecrets.parse(authorization.substring(7).trim());
  }

  /** A token whose owner is an app (its id), e.g. with {@code queues:manage,queues:pull}. */
  public NewAccessToken createForApp(long app, String name, Abilities abilities) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A token needs a name");
    }
    String secret = secret();
    long id = store.insertForApp(app, name.trim(), TokenSecrets.sha256Hex(secret), abilities);
    return new NewAccessToken(id, id + "|" + secret);
  }

  /** Deletes every token of an app; every node refuses them within one second. */
  public void revokeAllOfApp(long app) {
    store.deleteOfApp(app).forEach(cache::evict);
  }

  /**
   * @param expiresAt when it stops working, or {@code null} for never
   */
  public NewAccessToken create(UserId user, String name, Abilities abilities, Instant expiresAt) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A token needs a name");
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw new IllegalArgumentException("A token's expiry must be in the future");
    }
    String secret = secret();
    long id = store.insert(user, name.trim(), TokenSecrets.sha256Hex(secret), abilities, expiresAt);
    return new NewAccessToken(id, id + "|" + secret);
  }

  /** Deletes the token; every node refuses it within one second. */
  public boolean revoke(long id) {
    boolean deleted = store.delete(id);
    cache.evict(id);
    return deleted;
  }

  private String secret() {
    var secret = new StringBuilder(SECRET_LENGTH);
    for (int i = 0; i < SECRET_LENGTH; i++) {
      secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return secret.toString();
  }
}
