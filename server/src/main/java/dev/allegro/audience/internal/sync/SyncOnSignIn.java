package dev.allegro.audience.internal.sync;

import dev.allegro.audience.AudienceSyncProperties;
import dev.allegro.audience.SignInHook;
import dev.allegro.jobs.Jobs;
import dev.allegro.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sync before the JWT: a member signing in whose external profile is older than a provider's {@code
 * maxAgeOnLogin} (or missing) is synced first, all providers within {@code
 * AUDIENCE_SYNC_SIGN_IN_TIMEOUT}. A sync that does not finish in time, or fails, is left queued as
 * a job on {@code audience-sync} and the sign-in goes on.
 */
@Component
class SyncOnSignIn implements SignInHook, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SyncOnSignIn.class);

  private final SyncProviders providers;
  private final SyncMemberStore members;
  private final Jobs jobs;
  private final AudienceSyncProperties properties;
  private final Clock clock;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  SyncOnSignIn(
      SyncProviders providers,
      SyncMemberStore members,
      Jobs jobs,
      AudienceSyncProperties properties,
      Clock clock) {
    this.providers = providers;
    this.members = members;
    this.jobs = jobs;
    this.properties = properties;
    this.clock = clock;
  }

  /** What the hook did for one provider. */
  enum Outcome {
    FRESH,
    SYNCED,
    QUEUED
  }

  @Override
  public void beforeTokenIssued(TenantId tenant, UUID memberId) {
    syncStale(tenant, memberId);
  }

  List<Outcome> syncStale(TenantId tenant, UUID memberId) {
    long deadline = System.nanoTime() + properties.signInTimeout().toNanos();
    var outcomes = new java.util.ArrayList<Outcome>();
    for (SyncProvider provider : providers.all()) {
      if (!provider.enabledFor(tenant)) {
        continue;
      }
      Instant fresh = clock.instant().minus(provider.maxAgeOnLogin());
      var syncedAt = members.syncedAt(memberId, provider.name());
      if (syncedAt.isPresent() && !syncedAt.get().isBefore(fresh)) {
        outcomes.add(Outcome.FRESH);
        continue;
      }
      var data = members.members(tenant, List.of(memberId));
      if (data.isEmpty()) {
        continue;
      }
      var sync =
          executor.submit(
              () -> {
                var profile = provider.sync(tenant, data.getFirst());
                members.saveProfiles(
                    tenant,
                    provider.name(),
                    java.util.Collections.singletonMap(memberId, profile),
                    clock.instant());
                return null;
              });
      try {
        sync.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        outcomes.add(Outcome.SYNCED);
      } catch (TimeoutException | ExecutionException e) {
        sync.cancel(true);
        log.info(
            "Sign-in sync of member {} with {} left queued: {}",
            memberId,
            provider.name(),
            e instanceof TimeoutException ? "timed out" : e.getCause().getMessage());
        jobs.dispatch(new SyncMember(null, tenant.value(), provider.name(), memberId));
        outcomes.add(Outcome.QUEUED);
      } catch (InterruptedException e) {
        sync.cancel(true);
        Thread.currentThread().interrupt();
        jobs.dispatch(new SyncMember(null, tenant.value(), provider.name(), memberId));
        outcomes.add(Outcome.QUEUED);
        return outcomes;
      }
    }
    return outcomes;
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
