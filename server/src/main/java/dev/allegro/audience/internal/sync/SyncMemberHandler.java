package dev.allegro.audience.internal.sync;

import dev.allegro.audience.AudienceSyncProperties;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobHandler;
import dev.allegro.jobs.Queues;
import dev.allegro.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * {@code audience.sync-member} on {@code audience-sync}: one member's job. In a run it takes up to
 * a batch of the run's waiting members, its own first, into one provider request, so that the jobs
 * of a run make as few requests as its batch size allows; a job that finds its member already
 * synced by another's request has nothing to do. A failed request counts against the run and
 * throws, so the job's retry policy retries it; the job's last attempt failing fails what it took.
 */
@Component
class SyncMemberHandler implements JobHandler<SyncMember> {

  static final String TYPE = "audience.sync-member";
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final SyncProviders providers;
  private final SyncRunStore runs;
  private final SyncMemberStore members;
  private final AudienceSyncProperties properties;
  private final Clock clock;

  SyncMemberHandler(
      SyncProviders providers,
      SyncRunStore runs,
      SyncMemberStore members,
      AudienceSyncProperties properties,
      Clock clock) {
    this.providers = providers;
    this.runs = runs;
    this.members = members;
    this.properties = properties;
    this.clock = clock;
  }

  /** A provider request that failed; the job's retry policy decides what follows. */
  static final class NotSynced extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotSynced(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<SyncMember> jobClass() {
    return SyncMember.class;
  }

  @Override
  public Dispatch defaults() {
    return Dispatch.defaults()
        .onQueue(Queues.AUDIENCE_SYNC)
        .tries(properties.tries())
        .backoff(properties.backoff().toArray(Integer[]::new))
        .timeout(TIMEOUT);
  }

  @Override
  public void handle(SyncMember job) {
    var provider = providers.find(job.provider()).orElse(null);
    if (provider == null) {
      return; // a provider this node no longer has
    }
    var tenant = new TenantId(job.tenant());
    if (job.run() == null) {
      syncAlone(provider, tenant, job.member());
      return;
    }
    var now = clock.instant();
    var taken =
        runs.take(
            job.run(),
            job.member(),
            provider.batchSize(tenant),
            now,
            now.minus(TIMEOUT.multipliedBy(2)));
    if (taken.members().isEmpty()) {
      runs.finishIfDone(job.run(), now);
      return;
    }
    var data = members.members(tenant, taken.members());
    try {
      var profiles =
          data.isEmpty() ? java.util.Map.<UUID, String>of() : provider.sync(tenant, data);
      members.saveProfiles(tenant, provider.name(), profiles, clock.instant());
      runs.synced(job.run(), taken.members()); // deleted members count as synced: none to send
    } catch (SyncProvider.SyncFailed | RuntimeException e) {
      boolean forGood = taken.jobAttempt() >= properties.tries();
      runs.failed(job.run(), taken.members(), forGood);
      runs.finishIfDone(job.run(), clock.instant());
      throw new NotSynced(
          provider.name()
              + " did not sync "
              + taken.members().size()
              + " members: "
              + e.getMessage(),
          e);
    }
    runs.finishIfDone(job.run(), clock.instant());
  }

  private void syncAlone(SyncProvider provider, TenantId tenant, UUID member) {
    var data = members.members(tenant, List.of(member));
    if (data.isEmpty() || !provider.enabledFor(tenant)) {
      return;
    }
    try {
      var profiles = provider.sync(tenant, data);
      members.saveProfiles(tenant, provider.name(), profiles, clock.instant());
    } catch (SyncProvider.SyncFailed e) {
      throw new NotSynced(provider.name() + " did not sync the member: " + e.getMessage(), e);
    }
  }
}
