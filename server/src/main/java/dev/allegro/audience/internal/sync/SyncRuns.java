package dev.allegro.audience.internal.sync;

import dev.allegro.audience.AudienceSync;
import dev.allegro.audience.AudienceSyncProperties;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.Queues;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Fans a tick out per tenant and provider: a run recorded, one job per member due on {@code
 * audience-sync}; a provider whose previous run is still going is skipped (the store keeps one
 * running run per tenant and provider). One tenant's failure never stops the others.
 */
@Service
class SyncRuns implements AudienceSync {

  private static final Logger log = LoggerFactory.getLogger(SyncRuns.class);

  /** Jobs pushed in one round trip; a run of many members is pushed in several. */
  private static final int DISPATCH_CHUNK = 1000;

  private final SyncProviders providers;
  private final SyncRunStore runs;
  private final Tenants tenants;
  private final Jobs jobs;
  private final AudienceSyncProperties properties;
  private final Clock clock;

  SyncRuns(
      SyncProviders providers,
      SyncRunStore runs,
      Tenants tenants,
      Jobs jobs,
      AudienceSyncProperties properties,
      Clock clock) {
    this.providers = providers;
    this.runs = runs;
    this.tenants = tenants;
    this.jobs = jobs;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public List<Outcome> runNow(String tenant) {
    TenantId only = null;
    if (tenant != null) {
      only =
          tenants
              .find(tenant)
              .map(Tenant::id)
              .orElseThrow(() -> new IllegalArgumentException("No tenant is named " + tenant));
    }
    var now = clock.instant();
    int abandoned = runs.abandonStarted(now.minus(properties.runTimeout()), now);
    if (abandoned > 0) {
      log.warn(
          "{} audience sync runs were still going after {}: abandoned",
          abandoned,
          properties.runTimeout());
    }
    var outcomes = new ArrayList<Outcome>();
    for (SyncProvider provider : providers.all()) {
      for (TenantId id : provider.tenants()) {
        if (only == null || only.equals(id)) {
          outcomes.add(start(provider, id));
        }
      }
    }
    return outcomes;
  }

  private Outcome start(SyncProvider provider, TenantId tenant) {
    String slug = tenants.find(tenant.toString()).map(Tenant::slug).orElse(tenant.toString());
    var now = clock.instant();
    var since = runs.lastSucceeded(tenant, provider.name());
    var run = runs.start(tenant, provider.name(), now);
    if (run.isEmpty()) {
      return new Outcome(slug, provider.name(), null, "skipped", 0);
    }
    UUID id = run.get();
    try {
      List<UUID> due = provider.membersToSync(tenant, since);
      runs.addMembers(id, due);
      if (due.isEmpty()) {
        runs.finishIfDone(id, clock.instant());
      } else {
        for (int from = 0; from < due.size(); from += DISPATCH_CHUNK) {
          jobs.dispatchAll(
              due.subList(from, Math.min(due.size(), from + DISPATCH_CHUNK)).stream()
                  .map(m -> new SyncMember(id, tenant.value(), provider.name(), m))
                  .toList(),
              Dispatch.defaults().onQueue(Queues.AUDIENCE_SYNC));
        }
      }
      return new Outcome(slug, provider.name(), id, "started", due.size());
    } catch (RuntimeException e) {
      log.error("Audience sync of {} for tenant {} could not start", provider.name(), slug, e);
      runs.abort(id, clock.instant());
      return new Outcome(slug, provider.name(), id, "failed", 0);
    }
  }
}
