package dev.allegro.dashboard.internal;

import org.springframework.security.core.context.SecurityContextHolder;

/** Who the current dashboard request is from, for the audit log. */
final class Staff {

  private Staff() {}

  /** The signed-in staff member's email, or {@code local} where the dashboard is open. */
  static String current() {
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff) {
      return staff.email() + (staff.byToken() ? " (token)" : "");
    }
    return "local";
  }
}
