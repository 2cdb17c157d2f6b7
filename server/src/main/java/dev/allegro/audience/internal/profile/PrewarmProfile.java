package dev.allegro.audience.internal.profile;

import dev.allegro.jobs.Job;
import java.util.UUID;

/** Computes and caches one member's profile. */
record PrewarmProfile(long tenant, UUID member) implements Job {}
