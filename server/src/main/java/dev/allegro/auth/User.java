package dev.allegro.auth;

import java.time.Instant;

/** A person who holds tokens; a super admin may view every tenant and the landlord API. */
public record User(
    UserId id, String email, String name, Instant emailVerifiedAt, boolean superAdmin) {}
