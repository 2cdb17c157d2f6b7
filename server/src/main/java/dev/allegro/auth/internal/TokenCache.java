package dev.allegro.auth.internal;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.auth.UserId;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tokens and memberships as authentication reads them on every request, without a database query
 * each time. An entry lives at most one second, so a revocation holds on every node within one
 * second even when the pub/sub invalidation does not reach it.
 */
@Component
public class TokenCache {

  static final Duration MAX_AGE = Duration.ofSeconds(1);
  private static final String TOPIC = "access";

  private final CacheInvalidation invalidation;
  private final LoadingCache<Long, Optional<StoredToken>> tokens;
  private final LoadingCache<Membership, Boolean> memberships;
  private final LoadingCache<Long, Optional<StoredAppToken>> appTokens;

  TokenCache(TokenStore tokenStore, UserStore userStore, CacheInvalidation invalidation) {
    this.invalidation = invalidation;
    this.tokens = invalidation.cache(TOPIC, MAX_AGE, tokenStore::find);
    this.appTokens = invalidation.cache(TOPIC, MAX_AGE, tokenStore::findApp);
    this.memberships =
        invalidation.cache(TOPIC, MAX_AGE, m -> userStore.isMember(m.user(), m.tenant()));
  }

  private record Membership(UserId user, TenantId tenant) {}

  public Optional<StoredToken> token(long id) {
    return tokens.get(id);
  }

  public Optional<StoredAppToken> appToken(long id) {
    return appTokens.get(id);
  }

  public boolean isMember(UserId user, TenantId tenant) {
    return memberships.get(new Membership(user, tenant));
  }

  public void evict(long tokenId) {
    tokens.invalidate(tokenId);
    appTokens.invalidate(tokenId);
    invalidation.broadcast(TOPIC);
  }
}
