package dev.allegro.audience;

import java.util.List;
import java.util.UUID;

/**
 * Audience sync runs, as the scheduler's tick and {@code audience:sync} start them: for every
 * tenant and configured provider, a run in {@code audience_sync_runs} and one job per member due on
 * {@code audience-sync}; a provider whose previous run is still going is skipped.
 */
public interface AudienceSync {

  /**
   * What one tenant's provider did on a tick.
   *
   * @param run the run started, or null when none was
   * @param outcome {@code started}, {@code skipped} (the previous run is still going) or {@code
   *     failed} (its members could not be listed)
   * @param members members the run dispatched jobs for
   */
  record Outcome(String tenant, String provider, UUID run, String outcome, int members) {}

  /**
   * Starts runs now.
   *
   * @param tenant a tenant's id or slug, or null for every tenant
   * @throws IllegalArgumentException when no tenant has that id or slug
   */
  List<Outcome> runNow(String tenant);
}
