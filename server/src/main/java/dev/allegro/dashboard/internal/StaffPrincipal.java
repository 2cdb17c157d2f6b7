package dev.allegro.dashboard.internal;

import dev.allegro.auth.UserId;
import java.io.Serializable;

/**
 * Who is using the dashboard: a staff member signed in by a mailed link (kept in the session, so
 * plain values only), or the owner of a bearer token (for one request).
 */
record StaffPrincipal(long userId, String email, boolean byToken) implements Serializable {

  private static final long serialVersionUID = 1L;

  UserId user() {
    return new UserId(userId);
  }
}
