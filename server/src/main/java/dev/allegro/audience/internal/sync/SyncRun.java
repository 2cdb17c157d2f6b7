package dev.allegro.audience.internal.sync;

import java.time.Instant;
import java.util.UUID;

/**
 * One run of a provider for a tenant, as {@code audience_sync_runs} keeps it.
 *
 * @param members members the run took in
 * @param failures member syncs that failed, retries included (a member that failed twice, then
 *     synced, counts 2)
 */
record SyncRun(
    UUID id,
    String provider,
    Instant startedAt,
    Instant finishedAt,
    int members,
    int failures,
    Status status) {

  enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED,
    ABANDONED;

    String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Status of(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
