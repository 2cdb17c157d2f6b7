package dev.allegro.audience.internal.sync;

import dev.allegro.jobs.Job;
import java.util.UUID;

/**
 * Syncs one member with one provider.
 *
 * @param run the run it belongs to, or null for a sign-in's sync
 */
record SyncMember(UUID run, long tenant, String provider, UUID member) implements Job {}
