package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.allegro.auth.AccessTokens;
import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.system.web.RateLimits;
import dev.allegro.system.web.RateLimits.RateLimited;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import dev.allegro.test.Http;
import dev.allegro.test.Nodes;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * What one node changes, every other node sees: a second node of the application runs beside the
 * test's own on the same database and Redis, and the state they share through Redis — cache
 * invalidation, feature flags, token revocation, tenant hosts, rate-limit counts — holds across
 * them within a second. Run by {@link SharedStateIT} (one Redis) and {@link SharedStateClusterIT}
 * (a 3-master Redis Cluster, where pub/sub and every key must work across its nodes too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedStateContract {

  @Autowired Environment environment;
  @Autowired TestData data;
  @Autowired FeatureFlags flags;
  @Autowired AccessTokens tokens;
  @Autowired Tenants tenants;
  @Autowired CacheInvalidation invalidation;
  @Autowired RateLimits rateLimits;

  ConfigurableApplicationContext other;
  Http otherHttp;

  @BeforeAll
  void startASecondNode() {
    other = Nodes.secondNode(environment);
    otherHttp = new Http(other.getEnvironment());
  }

  @AfterAll
  void stopTheSecondNode() {
    other.close();
  }

  @Test
  void aBroadcastInvalidationReachesTheOtherNode() {
    String topic = "test-" + UUID.randomUUID();
    var heard = new AtomicInteger();
    other.getBean(CacheInvalidation.class).onInvalidate(topic, heard::incrementAndGet);

    invalidation.broadcast(topic);

    await().atMost(Duration.ofSeconds(1)).until(() -> heard.get() == 1);
  }

  @Test
  void aFeatureFlagChangeReachesTheOtherNodeWithinOneSecond() {
    Tenant tenant = data.tenant("flag-" + suffix());
    var otherFlags = other.getBean(FeatureFlags.class);
    assertThat(otherFlags.isActive(FeatureFlag.USE_REDIS_EVENTS, tenant.id())).isFalse();

    flags.activate(FeatureFlag.USE_REDIS_EVENTS, tenant.id());

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> otherFlags.isActive(FeatureFlag.USE_REDIS_EVENTS, tenant.id()));
  }

  @Test
  void aRevokedTokenIsRefusedByTheOtherNodeWithinOneSecond() {
    String slug = "revoke-" + suffix();
    Tenant tenant = data.tenant(slug);
    String token = data.token(data.member(slug + "@allegro.test", tenant));
    assertThat(me(slug, token)).isEqualTo(200);

    tokens.revoke(Long.parseLong(token.substring(0, token.indexOf('|'))));

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> me(slug, token), status -> status == 401);
  }

  @Test
  void aNewTenantDomainIsServedByTheOtherNodeWithinOneSecond() {
    String slug = "domain-" + suffix();
    Tenant tenant = data.tenant(slug);
    String token = data.token(data.member(slug + "@allegro.test", tenant));
    String added = "shop-" + slug + ".test";
    assertThat(otherHttp.get("/api/v1/me").host(added).bearer(token).send().status())
        .as("not served yet")
        .isEqualTo(404);

    tenants.addDomain(tenant, added);

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> otherHttp.get("/api/v1/me").host(added).bearer(token).send().status(),
            status -> status == 200);
  }

  @Test
  void aRateLimitCountsTheHitsOfEveryNode() {
    String subject = "client-" + suffix();
    var otherLimits = other.getBean(RateLimits.class);
    Duration window = Duration.ofMinutes(1);

    rateLimits.hit("test", subject, 3, window);
    otherLimits.hit("test", subject, 3, window);
    rateLimits.hit("test", subject, 3, window);

    assertThatThrownBy(() -> otherLimits.hit("test", subject, 3, window))
        .isInstanceOfSatisfying(
            RateLimited.class,
            limited -> assertThat(limited.retryAfterSeconds()).isBetween(1L, 60L));
    assertThatThrownBy(() -> rateLimits.hit("test", subject, 3, window))
        .isInstanceOf(RateLimited.class);
  }

  private int me(String slug, String token) {
    return otherHttp.get("/api/v1/me").host(TestData.host(slug)).bearer(token).send().status();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
