package dev.allegro.auth.internal;

import dev.allegro.auth.Abilities;
import java.time.Instant;

/** An app's token row as authentication needs it. */
public record StoredAppToken(
    long id, String name, String hash, Abilities abilities, Instant expiresAt, long app) {}
