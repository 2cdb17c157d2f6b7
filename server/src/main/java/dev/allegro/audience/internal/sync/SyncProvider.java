package dev.allegro.audience.internal.sync;

import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An audience sync provider: an external system that receives a tenant's members and answers each
 * one's external profile. Declare one as a bean; the scheduler's tick runs it for every tenant it
 * is configured for ({@link SyncRuns}), one job per member due on {@code audience-sync}.
 */
interface SyncProvider {

  /** Stored with each run and external profile, e.g. {@code http}. */
  String name();

  /** The tenants this provider is configured and enabled for. */
  List<TenantId> tenants();

  boolean enabledFor(TenantId tenant);

  /**
   * The members to sync now: those changed since {@code since} (the start of the provider's last
   * successful run, {@link Instant#EPOCH} when none) and those whose external profile is missing or
   * older than {@link #refreshInterval()}.
   */
  List<UUID> membersToSync(TenantId tenant, Instant since);

  /** How old an external profile may grow before a run syncs it again, changed or not. */
  Duration refreshInterval();

  /** How old an external profile may be when its member signs in; older is synced first. */
  Duration maxAgeOnLogin();

  /** How many members one request may carry (at most 500). */
  int batchSize(TenantId tenant);

  /**
   * Syncs these members of one tenant (at most {@link #batchSize}) in one request.
   *
   * @return each member's external profile as JSON ({@code null} for a member the provider answered
   *     nothing for)
   * @throws SyncFailed when the provider did not take them; every one is retried
   */
  Map<UUID, String> sync(TenantId tenant, List<SyncMemberData> members) throws SyncFailed;

  /** Syncs one member. */
  default String sync(TenantId tenant, SyncMemberData member) throws SyncFailed {
    return sync(tenant, List.of(member)).get(member.id());
  }

  /** A provider that did not take the members (unreachable, refused, a non-2xx answer). */
  final class SyncFailed extends Exception {
    private static final long serialVersionUID = 1L;

    SyncFailed(String message) {
      super(message);
    }
  }
}
