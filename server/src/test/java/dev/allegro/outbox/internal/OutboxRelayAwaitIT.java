package dev.allegro.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.allegro.system.scheduling.ClusterLock;
import dev.allegro.tenancy.TenantId;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Waiting for a tenant's relay pass (as a subscription rebuild does before it reads): for the one
 * running then, not for the passes a busy tenant runs after it without a gap.
 */
@AllegroTest
class OutboxRelayAwaitIT {

  private static final String TARGET = "await-test"; // a target no node has: no pass of its own

  @Autowired OutboxRelay relay;
  @Autowired ClusterLock locks;
  @Autowired StringRedisTemplate redis;
  @Autowired TestData data;

  @Test
  void aCallerWaitsForThePassRunningThenNotForTheOneThatFollowsIt() throws Exception {
    TenantId tenant = data.tenant("awaited").id();
    String key = relay.lockKey(tenant, TARGET);
    var running = locks.acquire(redis, key, Duration.ofSeconds(30)).orElseThrow();
    try {
      var waiting =
          CompletableFuture.runAsync(() -> relay.awaitPass(tenant, TARGET, Duration.ofSeconds(20)));
      await().pollDelay(Duration.ofMillis(300)).until(() -> true);
      assertThat(waiting).as("the running pass holds the caller up").isNotDone();

      // the pass ends and the next one takes the lock with no gap between them
      redis.opsForValue().set(key, "the next pass's token", Duration.ofSeconds(30));

      waiting.get(5, TimeUnit.SECONDS);
    } finally {
      running.close();
      redis.delete(key);
    }
  }

  @Test
  void withNoPassRunningItReturnsAtOnceAndAPassOutlastingTheBoundIsAnError() {
    TenantId tenant = data.tenant("unawaited").id();
    relay.awaitPass(tenant, TARGET, Duration.ZERO);

    var running =
        locks.acquire(redis, relay.lockKey(tenant, TARGET), Duration.ofSeconds(30)).orElseThrow();
    try {
      assertThatThrownBy(() -> relay.awaitPass(tenant, TARGET, Duration.ofMillis(200)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still runs after");
    } finally {
      running.close();
    }
  }
}
