package dev.allegro.audience.internal.profile;

import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobHandler;
import dev.allegro.jobs.Queues;
import dev.allegro.tenancy.TenantId;
import org.springframework.stereotype.Component;

/** {@code audience.prewarm-profile} on {@code high}: the member's profile, computed and cached. */
@Component
class PrewarmProfileHandler implements JobHandler<PrewarmProfile> {

  static final String TYPE = "audience.prewarm-profile";

  private final Profiles profiles;
  private final ProfileMembers members;
  private final ProfileMetrics metrics;

  PrewarmProfileHandler(Profiles profiles, ProfileMembers members, ProfileMetrics metrics) {
    this.profiles = profiles;
    this.members = members;
    this.metrics = metrics;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<PrewarmProfile> jobClass() {
    return PrewarmProfile.class;
  }

  @Override
  public Dispatch defaults() {
    return Dispatch.defaults().onQueue(Queues.HIGH).tries(3).backoff(5, 30);
  }

  @Override
  public void handle(PrewarmProfile job) {
    var tenant = new TenantId(job.tenant());
    if (!members.exists(tenant, job.member())) {
      return; // an id no member has (yet), or a deleted member: nothing to serve
    }
    profiles.compute(tenant, job.member());
    metrics.computed();
  }
}
