package dev.allegro.auth.internal;

import dev.allegro.auth.Abilities;
import dev.allegro.auth.User;
import java.time.Instant;

/** A token row as authentication needs it, with its user. */
public record StoredToken(
    long id, String name, String hash, Abilities abilities, Instant expiresAt, User user) {}
