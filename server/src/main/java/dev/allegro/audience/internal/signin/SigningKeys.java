package dev.allegro.audience.internal.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.allegro.audience.SignInProperties;
import dev.allegro.audience.internal.signin.SigningKeyStore.StoredKey;
import dev.allegro.tenancy.TenantId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each tenant's RSA keys that sign its members' JWTs. A tenant's first key is made when it is first
 * needed; rotation retires the current key (still published for one token lifetime and a margin, so
 * every token it signed stays verifiable) and makes a new one.
 */
@Service
public class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  /** Verifiers' clocks may run behind ours: a retired key stays published this much longer. */
  static final Duration SKEW = Duration.ofMinutes(5);

  private final SigningKeyStore store;
  private final KeyCipher cipher;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Duration rotation;
  private final Duration tokenLifetime;
  private final Cache<String, RSAKey> opened = Caffeine.newBuilder().maximumSize(10_000).build();

  SigningKeys(
      SigningKeyStore store,
      KeyCipher cipher,
      TransactionTemplate transactions,
      Clock clock,
      SignInProperties properties) {
    this.store = store;
    this.cipher = cipher;
    this.transactions = transactions;
    this.clock = clock;
    this.rotation = properties.keyRotation();
    this.tokenLifetime = properties.tokenLifetime();
  }

  /** The key that signs the tenant's tokens now, with its private half. */
  RSAKey current(TenantId tenant) {
    StoredKey key =
        store
            .current(tenant)
            .orElseGet(
                () -> {
                  store.insertIfNoCurrent(generate(tenant, clock.instant()));
                  return store.current(tenant).orElseThrow();
                });
    return opened.get(key.kid(), kid -> open(key));
  }

  /** The tenant's published public keys: the current one and those retired but still in use. */
  JWKSet published(TenantId tenant) {
    current(tenant);
    List<JWK> keys =
        store.published(tenant, clock.instant()).stream().map(SigningKeys::publicKey).toList();
    return new JWKSet(keys);
  }

  /**
   * Replaces the tenant's current key now.
   *
   * @return the new key's id
   */
  public String rotate(TenantId tenant) {
    return transactions.execute(
        status -> {
          store.lock(tenant);
          Instant now = clock.instant();
          store.retireCurrent(tenant, now, now.plus(tokenLifetime).plus(SKEW));
          StoredKey fresh = generate(tenant, now);
          store.insertIfNoCurrent(fresh);
          log.info("Tenant {}: member JWTs are now signed with key {}", tenant, fresh.kid());
          return fresh.kid();
        });
  }

  /**
   * Rotates every key past its {@code retire_after} and deletes retired keys whose tokens have all
   * expired; one tenant's failure does not stop the others.
   *
   * @return how many keys were rotated
   */
  public int rotateDue() {
    int rotated = 0;
    for (TenantId tenant : store.due(clock.instant())) {
      try {
        rotate(tenant);
        rotated++;
      } catch (RuntimeException e) {
        log.warn("Tenant {}: signing key not rotated", tenant, e);
      }
    }
    store.deleteUnpublished(clock.instant());
    return rotated;
  }

  private StoredKey generate(TenantId tenant, Instant now) {
    String kid = UUID.randomUUID().toString();
    RSAKey key;
    try {
      key =
          new RSAKeyGenerator(2048)
              .keyID(kid)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not make an RSA key", e);
    }
    String secret = key.toJSONString();
    boolean sealed = cipher.seals();
    return new StoredKey(
        kid,
        tenant,
        key.toPublicJWK().toJSONString(),
        sealed ? cipher.seal(kid, secret) : secret,
        sealed,
        now,
        now.plus(rotation),
        null,
        null);
  }

  private RSAKey open(StoredKey key) {
    String json = key.sealed() ? cipher.open(key.kid(), key.privateKey()) : key.privateKey();
    try {
      return RSAKey.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("Signing key " + key.kid() + " is not a JWK", e);
    }
  }

  private static JWK publicKey(StoredKey key) {
    try {
      return JWK.parse(key.publicJwk());
    } catch (ParseException e) {
      throw new IllegalStateException("Signing key " + key.kid() + " is not a JWK", e);
    }
  }
}
