package dev.allegro.audience.internal.sync;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What a provider receives of a member. */
record SyncMemberData(
    UUID id,
    String email,
    String name,
    Instant emailVerifiedAt,
    Instant createdAt,
    Instant lastSeenAt,
    Map<String, String> foreignKeys) {}
